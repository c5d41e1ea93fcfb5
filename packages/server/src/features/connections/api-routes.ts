/**
 * REST API of the administrators' LTI configuration, under `/api/platform/applications` and
 * `/api/platform/connections`. Every route: an administrator (session or API token, checked by the
 * API guard before any input), zod-parsed input, responses
 * parsed by their contract (unlisted fields, secrets included, are stripped), problem details.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { route } from '../../api/contract.js'
import { HttpProblem } from '../../http/problems.js'
import { ADMINS, adminOf } from './access.js'
import {
  createApplication,
  deleteApplication,
  getPartner,
  listPartners,
  restoreDefaults,
  updateApplication,
} from './application-repository.js'
import { importCartridge } from './cartridge.js'
import { conflictsAsProblems } from './conflicts.js'
import {
  createConnection,
  deleteConnection,
  listConnections,
  updateConnection,
} from './connection-repository.js'
import { parseCustomLines, resolveDraft, schoolChoices } from './draft.js'
import { type FieldIssue, fieldErrors } from './fields.js'
import type { ApplicationDefaults } from './model.js'
import { registrationRoutes } from './registration-routes.js'
import {
  applicationCreateBody,
  applicationDetailResponse,
  applicationResponse,
  applicationUpdateBody,
  cartridgeImportBody,
  cartridgePrefillResponse,
  connectionBody,
  connectionResponse,
  connectionsQuery,
  type DefaultsBody,
  idParams,
  partnerResponse,
  schoolChoiceResponse,
  schoolsQuery,
  testResultResponse,
} from './schema.js'
import {
  applicationSummary,
  applicationSummaries,
  issuerOf,
  requireApplication,
  requireConnection,
} from './service.js'
import { runConnectionTest, savedConnection } from './test-connection.js'
import { toolUrlProblem } from './urls.js'

const APPS = '/api/platform/applications'
const CONNECTIONS = '/api/platform/connections'

/** Application defaults from a request, with their URLs and custom lines checked. */
export function defaultsFrom(body: DefaultsBody, publicUrl: string): ApplicationDefaults {
  const issues: FieldIssue[] = []
  const urls: [string, string | undefined][] = [
    ['launchUrl', body.launchUrl],
    ['loginUrl', body.loginUrl],
    ['jwksUrl', body.jwksUrl],
    ...(body.redirectUris ?? []).map((uri, i): [string, string] => [`redirectUris.${i}`, uri]),
  ]
  for (const [path, value] of urls) {
    const problem = value === undefined ? undefined : toolUrlProblem(value, publicUrl)
    if (problem !== undefined) issues.push({ path, message: `${path} ${problem}` })
  }
  const customParameters = parseCustomLines(body.customParameters, 'customParameters', issues)
  if (issues.length > 0) throw fieldErrors(issues)
  return {
    name: body.name,
    description: body.description,
    launchUrl: body.launchUrl,
    supportedTypes: [...new Set(body.supportedTypes)],
    ltiVersions: [...new Set(body.ltiVersions)],
    customParameters,
    transferEmail: body.transferEmail,
    ...(body.loginUrl === undefined ? {} : { loginUrl: body.loginUrl }),
    ...(body.redirectUris === undefined ? {} : { redirectUris: body.redirectUris }),
    ...(body.jwksUrl === undefined ? {} : { jwksUrl: body.jwksUrl }),
  }
}

async function applicationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx
  const publicUrl = ctx.config.publicUrl
  const summaryOf = async (id: string) =>
    (await applicationSummary(db, await requireApplication(db, id))).summary

  route(
    app,
    {
      method: 'GET',
      url: `${APPS}/catalog`,
      summary: 'The catalog of known applications (partners) to add from',
      allow: ADMINS,
      response: z.array(partnerResponse),
      status: 200,
    },
    async () => listPartners(db),
  )

  route(
    app,
    {
      method: 'GET',
      url: APPS,
      summary: 'The applications, with their enabled types and connection counts',
      allow: ADMINS,
      response: z.array(applicationResponse),
      status: 200,
    },
    async () => applicationSummaries(db),
  )

  route(
    app,
    {
      method: 'POST',
      url: APPS,
      summary: 'Add an application from the catalog or a custom one',
      allow: ADMINS,
      body: applicationCreateBody,
      response: applicationResponse,
      status: 201,
    },
    async ({ body }) => {
      let id: string
      if ('partnerId' in body) {
        const partner = await getPartner(db, body.partnerId)
        if (partner === undefined) {
          throw fieldErrors([
            { path: 'partnerId', message: `no catalog partner ${body.partnerId}` },
          ])
        }
        const { id: partnerId, slug: _slug, ...defaults } = partner
        id = await conflictsAsProblems(() =>
          createApplication(db, { partnerId, defaults, now: ctx.clock() }),
        )
      } else {
        const defaults = defaultsFrom(body.custom, publicUrl)
        id = await conflictsAsProblems(() =>
          createApplication(db, { partnerId: null, defaults, now: ctx.clock() }),
        )
      }
      return summaryOf(id)
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: `${APPS}/:id`,
      summary: 'One application with its connections',
      allow: ADMINS,
      params: idParams,
      response: applicationDetailResponse,
      status: 200,
    },
    async ({ params }) => {
      const { summary, connections } = await applicationSummary(
        db,
        await requireApplication(db, params.id),
      )
      return { application: summary, connections }
    },
  )

  route(
    app,
    {
      method: 'PUT',
      url: `${APPS}/:id`,
      summary: "Change an application's defaults",
      allow: ADMINS,
      params: idParams,
      body: applicationUpdateBody,
      response: applicationResponse,
      status: 200,
    },
    async ({ params, body }) => {
      const defaults = defaultsFrom(body, publicUrl)
      const updated = await conflictsAsProblems(() =>
        updateApplication(db, params.id, defaults, ctx.clock()),
      )
      if (!updated) throw new HttpProblem(404, `no application ${params.id}`)
      return summaryOf(params.id)
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: `${APPS}/:id`,
      summary: 'Delete an application and its connections',
      allow: ADMINS,
      params: idParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      if (!(await deleteApplication(db, params.id))) {
        throw new HttpProblem(404, `no application ${params.id}`)
      }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${APPS}/:id/restore-defaults`,
      summary: "Restore a catalog application's defaults",
      allow: ADMINS,
      params: idParams,
      response: applicationResponse,
      status: 200,
    },
    async ({ params }) => {
      const restored = await restoreDefaults(db, params.id, ctx.clock())
      if (restored === undefined) throw new HttpProblem(404, `no application ${params.id}`)
      if (!restored) {
        throw fieldErrors([{ path: '', message: 'a custom application has no catalog defaults' }])
      }
      return summaryOf(params.id)
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: `${APPS}/:id/schools`,
      summary: 'The schools a connection of the application may serve, and which are taken',
      allow: ADMINS,
      params: idParams,
      query: schoolsQuery,
      response: z.array(schoolChoiceResponse),
      status: 200,
    },
    async ({ params, query }) => {
      await requireApplication(db, params.id)
      const choices = await schoolChoices(db, params.id, query.connectionId)
      return choices.map((c) => ({ ...c, takenBy: c.takenBy ?? null }))
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${APPS}/:id/connections`,
      summary: 'Add a connection (LTI 1.1 and/or LTI 1.3) to an application',
      allow: ADMINS,
      params: idParams,
      body: connectionBody,
      response: connectionResponse,
      status: 201,
    },
    async ({ params, body }) => {
      const application = await requireApplication(db, params.id)
      const draft = await resolveDraft(db, { app: application, body, publicUrl })
      const connectionId = await conflictsAsProblems(() =>
        createConnection(db, ctx.cipher, {
          applicationId: params.id,
          draft,
          issuer: issuerOf(publicUrl),
          now: ctx.clock(),
        }),
      )
      return requireConnection(db, connectionId)
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${APPS}/:id/cartridge`,
      summary: "Read a Common Cartridge link to fill in an application's defaults",
      allow: ADMINS,
      params: idParams,
      body: cartridgeImportBody,
      response: cartridgePrefillResponse,
      status: 200,
    },
    async ({ params, body }) => {
      await requireApplication(db, params.id)
      return importCartridge(body.url, publicUrl, ctx.outbound)
    },
  )
}

async function connectionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx
  const publicUrl = ctx.config.publicUrl

  route(
    app,
    {
      method: 'GET',
      url: CONNECTIONS,
      summary: 'The pending connections (Dynamic Registrations awaiting approval)',
      allow: ADMINS,
      query: connectionsQuery,
      response: z.array(connectionResponse),
      status: 200,
    },
    async ({ query }) => (query.status === 'pending' ? listConnections(db, null) : []),
  )

  route(
    app,
    {
      method: 'GET',
      url: `${CONNECTIONS}/:id`,
      summary: 'One connection (secrets are never returned)',
      allow: ADMINS,
      params: idParams,
      response: connectionResponse,
      status: 200,
    },
    async ({ params }) => requireConnection(db, params.id),
  )

  route(
    app,
    {
      method: 'PUT',
      url: `${CONNECTIONS}/:id`,
      summary: 'Change a connection',
      allow: ADMINS,
      params: idParams,
      body: connectionBody,
      response: connectionResponse,
      status: 200,
    },
    async ({ params, body }) => {
      const { id } = params
      const current = await requireConnection(db, id)
      if (current.applicationId === null || current.status === 'pending') {
        throw new HttpProblem(409, 'a pending registration is approved, not edited')
      }
      const application = await requireApplication(db, current.applicationId)
      const draft = await resolveDraft(db, { app: application, body, publicUrl, exceptId: id })
      const updated = await conflictsAsProblems(() =>
        updateConnection(db, ctx.cipher, {
          id,
          draft,
          issuer: issuerOf(publicUrl),
          now: ctx.clock(),
        }),
      )
      if (!updated) throw new HttpProblem(404, `no connection ${id}`)
      return requireConnection(db, id)
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: `${CONNECTIONS}/:id`,
      summary: 'Delete a connection',
      allow: ADMINS,
      params: idParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      if (!(await deleteConnection(db, params.id))) {
        throw new HttpProblem(404, `no connection ${params.id}`)
      }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: `${CONNECTIONS}/:id/test`,
      summary: 'Test a connection: a real handshake with the tool, step by step',
      allow: ADMINS,
      params: idParams,
      response: testResultResponse,
      status: 200,
    },
    async ({ request, params }) =>
      runConnectionTest(ctx, adminOf(request), await savedConnection(ctx, params.id)),
  )
}

/** Mounts the API in its own scope; each route allows administrators only (API guard). */
export async function connectionsApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await applicationRoutes(app, ctx)
  await connectionRoutes(app, ctx)
  await registrationRoutes(app, ctx)
}
