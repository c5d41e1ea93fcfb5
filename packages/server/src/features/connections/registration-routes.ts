/**
 * Dynamic Registration, administrators' side: start a registration from the tool's registration
 * URL (a single-use token for the chosen schools; the console opens the returned URL), then
 * approve a pending registration into an application, or reject it. The openid-configuration
 * and registration endpoints themselves belong to the platform runtime (features/platform-lti),
 * which stores each registration through this feature's `ConnectionStore.createPending`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import { route } from '../../api/contract.js'
import { HttpProblem } from '../../http/problems.js'
import { startRegistration } from '../platform-lti/layer.js'
import { sqlRegistrationTokenStore } from '../platform-lti/stores/one-time.js'
import { platformSettingsOf } from '../platform-lti/deps.js'
import { ADMINS, adminOf } from './access.js'
import { conflictsAsProblems } from './conflicts.js'
import { approveRegistration, rejectRegistration } from './connection-repository.js'
import { resolveDraft } from './draft.js'
import { fieldErrors } from './fields.js'
import {
  approveBody,
  connectionResponse,
  idParams,
  registrationStartBody,
  registrationStartResponse,
} from './schema.js'
import { requireApplication, requireConnection } from './service.js'

const CONNECTIONS = '/api/platform/connections'

/** Records a registration token and returns the tool URL to open (with the token on it). */
export async function beginRegistration(
  ctx: AppContext,
  input: { toolRegistrationUrl: string; schoolIds: readonly string[]; userId: string },
) {
  const known = await ctx.db
    .selectFrom('schools')
    .select('id')
    .where('id', 'in', input.schoolIds)
    .execute()
  const missing = input.schoolIds.findIndex((id) => !known.some((row) => row.id === id))
  if (missing !== -1) {
    throw fieldErrors([
      { path: `schoolIds.${missing}`, message: `no school ${input.schoolIds[missing] ?? ''}` },
    ])
  }
  // A development instance may register a tool on loopback over http (the layer's opt-in).
  const settings = await platformSettingsOf(ctx)
  try {
    return await startRegistration(
      { settings, clock: ctx.clock, registrationTokens: sqlRegistrationTokenStore(ctx.db) },
      input,
    )
  } catch (error) {
    // The layer refuses a non-https tool URL (or no school) with a TypeError: input, here.
    if (error instanceof TypeError) {
      throw fieldErrors([{ path: 'toolRegistrationUrl', message: error.message }])
    }
    throw error
  }
}

export async function registrationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx

  route(
    app,
    {
      method: 'POST',
      url: `${CONNECTIONS}/registrations`,
      summary: "Start a Dynamic Registration from the tool's registration URL",
      allow: ADMINS,
      body: registrationStartBody,
      response: registrationStartResponse,
      status: 201,
    },
    async ({ request, body }) => {
      const started = await beginRegistration(ctx, { ...body, userId: adminOf(request).id })
      // The token travels only in the URL the administrator's browser opens.
      return { url: started.url, expiresAt: started.expiresAt }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${CONNECTIONS}/:id/approve`,
      summary: 'Approve a pending registration into an application',
      allow: ADMINS,
      params: idParams,
      body: approveBody,
      response: connectionResponse,
      status: 200,
    },
    async ({ params, body: { applicationId, ...body } }) => {
      const { id } = params
      const pending = await requireConnection(db, id)
      if (pending.status !== 'pending') throw new HttpProblem(409, 'not a pending registration')
      const application = await requireApplication(db, applicationId)
      const draft = await resolveDraft(db, {
        app: application,
        body,
        publicUrl: ctx.config.publicUrl,
        exceptId: id,
        requireLti13: true,
      })
      const approved = await conflictsAsProblems(() =>
        approveRegistration(db, ctx.cipher, { id, applicationId, draft, now: ctx.clock() }),
      )
      if (!approved) throw new HttpProblem(409, 'the registration was decided meanwhile')
      return requireConnection(db, id)
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${CONNECTIONS}/:id/reject`,
      summary: 'Reject a pending registration',
      allow: ADMINS,
      params: idParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      if (!(await rejectRegistration(db, params.id))) {
        throw new HttpProblem(404, `no pending registration ${params.id}`)
      }
    },
  )
}
