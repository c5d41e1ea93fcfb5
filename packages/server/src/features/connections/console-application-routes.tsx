/**
 * One application in the console: its page with the settings form, saving the settings, and
 * deleting it after a confirmation that names its connections and deployments.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DISTRICT_ADMINISTRATORS } from '../../console/access.js'
import {
  CONFIRM_ERRORS,
  fieldErrorsOf,
  type FieldErrors,
  isConfirmed,
  noticeFrom,
  withNotice,
} from '../../console/form.js'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { deleteApplication, restoreDefaults, updateApplication } from './application-repository.js'
import { defaultsFrom } from './api-routes.js'
import { conflictsAsProblems } from './conflicts.js'
import { ApplicationPage, applicationPath, CONSOLE_BASE } from './pages-applications.js'
import {
  APPLICATION_LABELS,
  APPLICATION_NOTICES,
  ApplicationDeletePage,
  ApplicationRestorePage,
  ApplicationSettingsForm,
  type ApplicationValues,
  applicationValuesOf,
} from './pages-application-settings.js'
import { applicationUpdateBody, idParams } from './schema.js'
import { applicationSummary, requireApplication } from './service.js'

const adminOnly = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }
const posted = z.union([z.string(), z.array(z.string())]).optional()
const settingsForm = z.object({
  name: z.string().max(200).default(''),
  description: z.string().max(4000).default(''),
  launchUrl: z.string().max(4096).default(''),
  supportedTypes: posted,
  ltiVersions: posted,
  customParameters: z.string().max(20_000).default(''),
  transferEmail: z.literal('on').optional(),
  loginUrl: z.string().max(4096).default(''),
  redirectUris: z.string().max(50_000).default(''),
  jwksUrl: z.string().max(4096).default(''),
})
const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')

/** The form as posted, to show again. */
function valuesOf(form: z.output<typeof settingsForm>): ApplicationValues {
  return {
    ...form,
    supportedTypes: list(form.supportedTypes),
    ltiVersions: list(form.ltiVersions),
    transferEmail: form.transferEmail === 'on',
  }
}

/** The API's body for the form: empty optional fields left out. */
function bodyOf(values: ApplicationValues) {
  const optional = (name: string, value: string) => (value.trim() === '' ? {} : { [name]: value })
  const uris = lines(values.redirectUris)
  return {
    name: values.name,
    description: values.description,
    launchUrl: values.launchUrl.trim(),
    supportedTypes: values.supportedTypes,
    ltiVersions: values.ltiVersions,
    customParameters: values.customParameters,
    transferEmail: values.transferEmail,
    ...optional('loginUrl', values.loginUrl.trim()),
    ...(uris.length === 0 ? {} : { redirectUris: uris }),
    ...optional('jwksUrl', values.jwksUrl.trim()),
  }
}

/**
 * An application's page; a refused settings form or cartridge import comes back on it with the
 * values as typed and its messages next to the fields.
 */
export async function applicationPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  refused: {
    settings?: { values: ApplicationValues; errors: FieldErrors }
    cartridge?: { url: string; errors: FieldErrors }
  } = {},
) {
  const { id } = parseRequest(idParams, request.params, 'params')
  const { summary, connections } = await applicationSummary(
    ctx.db,
    await requireApplication(ctx.db, id),
  )
  const fresh = refused.settings === undefined && refused.cartridge === undefined
  return renderConsolePage(ctx, request, reply, {
    title: summary.name,
    status: fresh ? 200 : 400,
    body: (
      <ApplicationPage
        app={summary}
        connections={connections}
        {...(fresh ? { notice: noticeFrom(request.query, APPLICATION_NOTICES) } : {})}
        cartridge={refused.cartridge}
        settings={
          <ApplicationSettingsForm
            app={summary}
            values={refused.settings?.values ?? applicationValuesOf(summary)}
            errors={refused.settings?.errors ?? {}}
          />
        }
      />
    ),
  })
}

export async function applicationLifecycleRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    settings?: { values: ApplicationValues; errors: FieldErrors },
  ) => applicationPage(ctx, request, reply, settings === undefined ? {} : { settings })

  app.get(`${CONSOLE_BASE}/:id`, adminOnly, async (request, reply) => page(request, reply))

  app.post(`${CONSOLE_BASE}/:id/settings`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    await requireApplication(db, id)
    const values = valuesOf(parseRequest(settingsForm, request.body ?? {}, 'body'))
    try {
      const parsed = applicationUpdateBody.safeParse(bodyOf(values))
      if (!parsed.success) throw new RequestValidationError(parsed.error, 'body')
      const defaults = defaultsFrom(parsed.data, ctx.config.publicUrl)
      if (!(await conflictsAsProblems(() => updateApplication(db, id, defaults, ctx.clock())))) {
        throw new HttpProblem(404, `no application ${id}`)
      }
      return await reply.redirect(withNotice(applicationPath(id), 'saved'), 303)
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error
      return page(request, reply, {
        values,
        errors: fieldErrorsOf(error.zodError, APPLICATION_LABELS),
      })
    }
  })

  async function deletePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const { id } = parseRequest(idParams, request.params, 'params')
    const { summary, connections } = await applicationSummary(db, await requireApplication(db, id))
    return renderConsolePage(ctx, request, reply, {
      title: `Delete ${summary.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: <ApplicationDeletePage app={summary} connections={connections} errors={errors} />,
    })
  }

  app.get(`${CONSOLE_BASE}/:id/delete`, adminOnly, async (request, reply) =>
    deletePage(request, reply, {}),
  )

  app.post(`${CONSOLE_BASE}/:id/delete`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    if (!isConfirmed(request.body)) return deletePage(request, reply, CONFIRM_ERRORS)
    if (!(await deleteApplication(db, id))) throw new HttpProblem(404, `no application ${id}`)
    return reply.redirect(withNotice(CONSOLE_BASE, 'deleted'), 303)
  })

  async function restorePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const { id } = parseRequest(idParams, request.params, 'params')
    const { summary } = await applicationSummary(db, await requireApplication(db, id))
    if (summary.partnerId === null)
      throw new HttpProblem(404, 'a custom application has no defaults')
    return renderConsolePage(ctx, request, reply, {
      title: `Restore ${summary.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: <ApplicationRestorePage app={summary} errors={errors} />,
    })
  }

  app.get(`${CONSOLE_BASE}/:id/restore-defaults`, adminOnly, async (request, reply) =>
    restorePage(request, reply, {}),
  )

  app.post(`${CONSOLE_BASE}/:id/restore-defaults`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    if (!isConfirmed(request.body)) return restorePage(request, reply, CONFIRM_ERRORS)
    const restored = await restoreDefaults(db, id, ctx.clock())
    if (restored === undefined) throw new HttpProblem(404, `no application ${id}`)
    return reply.redirect(withNotice(applicationPath(id), 'restored'), 303)
  })
}
