/** Console routes of Dynamic Registration: start, approve, reject (administrators only). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { requireRole } from '../../console/guard.js'
import { DISTRICT_ADMINISTRATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { listApplications } from './application-repository.js'
import { conflictsAsProblems } from './conflicts.js'
import {
  approveRegistration,
  listConnections,
  rejectRegistration,
} from './connection-repository.js'
import { bodyOfForm, connectionFormSchema } from './console-form.js'
import { resolveDraft } from './draft.js'
import { connectionPath, REGISTRATIONS_PATH } from './pages-applications.js'
import { RegistrationsPage } from './pages-registrations.js'
import { beginRegistration } from './registration-routes.js'
import { connectionBody, idParams } from './schema.js'
import { requireApplication, requireConnection } from './service.js'

const adminOnly = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }

function messages(error: unknown): string[] | undefined {
  if (!(error instanceof RequestValidationError)) return undefined
  return error.zodError.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    return issue.code === 'custom' || path === '' ? issue.message : `${path}: ${issue.message}`
  })
}

async function page(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  errors?: string[],
) {
  const [pending, apps, schools] = await Promise.all([
    listConnections(ctx.db, null),
    listApplications(ctx.db),
    ctx.db.selectFrom('schools').select(['id', 'name']).orderBy('name').execute(),
  ])
  return renderConsolePage(ctx, request, reply, {
    title: 'Tool Registrations',
    status: errors === undefined ? 200 : 400,
    body: (
      <RegistrationsPage
        pending={pending}
        apps={apps}
        schools={schools}
        {...(errors === undefined ? {} : { errors })}
      />
    ),
  })
}

export async function registrationConsoleRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(REGISTRATIONS_PATH, adminOnly, async (request, reply) => page(ctx, request, reply))

  app.post(`${REGISTRATIONS_PATH}/start`, adminOnly, async (request, reply) => {
    const form = parseRequest(
      z.object({
        toolRegistrationUrl: z.string().max(2048),
        schoolIds: z.union([z.string(), z.array(z.string())]).optional(),
      }),
      request.body,
      'body',
    )
    const schoolIds = form.schoolIds === undefined ? [] : [form.schoolIds].flat()
    const principal = request.principal
    if (principal === undefined) throw new TypeError('the console guard sets the principal')
    try {
      const started = await beginRegistration(ctx, {
        toolRegistrationUrl: form.toolRegistrationUrl,
        schoolIds,
        userId: principal.id,
      })
      // The administrator's browser opens the tool's registration page.
      return await reply.redirect(started.url, 303)
    } catch (error) {
      const list = messages(error)
      if (list === undefined) throw error
      return page(ctx, request, reply, list)
    }
  })

  app.post(`${REGISTRATIONS_PATH}/:id/approve`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const form = parseRequest(connectionFormSchema, request.body, 'body')
    const pending = await requireConnection(ctx.db, id)
    if (pending.status !== 'pending') throw new HttpProblem(409, 'not a pending registration')
    try {
      const applicationId = [form.applicationId ?? ''].flat()[0] ?? ''
      const application = await requireApplication(ctx.db, applicationId)
      const body = parseRequest(connectionBody, bodyOfForm(form), 'body')
      const draft = await resolveDraft(ctx.db, {
        app: application,
        body,
        publicUrl: ctx.config.publicUrl,
        exceptId: id,
        requireLti13: true,
      })
      const approved = await conflictsAsProblems(() =>
        approveRegistration(ctx.db, ctx.cipher, { id, applicationId, draft, now: ctx.clock() }),
      )
      if (!approved) throw new HttpProblem(409, 'the registration was decided meanwhile')
      return await reply.redirect(connectionPath(id), 303)
    } catch (error) {
      const list = messages(error)
      if (list === undefined) throw error
      return page(ctx, request, reply, list)
    }
  })

  app.post(`${REGISTRATIONS_PATH}/:id/reject`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    if (!(await rejectRegistration(ctx.db, id)))
      throw new HttpProblem(404, `no pending registration ${id}`)
    return reply.redirect(REGISTRATIONS_PATH, 303)
  })
}
