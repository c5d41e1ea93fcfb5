/**
 * Console pages of the administrators' LTI configuration (administrators only): applications,
 * an application's connections, the connection form, cartridge import and registrations.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { requireRole } from '../../console/guard.js'
import { DISTRICT_ADMINISTRATORS } from '../../console/access.js'
import {
  CONFIRM_ERRORS,
  fieldErrorsOf,
  type FieldErrors,
  isConfirmed,
  noticeFrom,
  postedValues,
  withNotice,
} from '../../console/form.js'
import { ConnectionDeletePage } from './pages-connection.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { createApplication, getPartner, listPartners } from './application-repository.js'
import { defaultsFrom } from './api-routes.js'
import { applicationLifecycleRoutes, applicationPage } from './console-application-routes.js'
import { APPLICATION_LABELS, APPLICATION_NOTICES } from './pages-application-settings.js'
import { importCartridge } from './cartridge.js'
import { conflictsAsProblems } from './conflicts.js'
import { deleteConnection, listConnections } from './connection-repository.js'
import {
  renderConnectionForm,
  submitConnectionForm,
  type FormContext,
} from './console-form-page.js'
import { valuesOfConnection, type FormValues, linesOf } from './console-form.js'
import type { ApplicationView } from './model.js'
import {
  ApplicationsPage,
  applicationPath,
  CARTRIDGE_LABELS,
  CONSOLE_BASE,
  connectionPath,
} from './pages-applications.js'
import { applicationUpdateBody, idParams } from './schema.js'
import {
  applicationSummaries,
  applicationSummary,
  requireApplication,
  requireConnection,
} from './service.js'

const adminOnly = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }
const cartridgeForm = z.object({ url: z.string().trim().min(1).max(2048) })

/** Why a cartridge cannot be used, said next to its URL field; undefined for anything else. */
function cartridgeErrors(error: unknown): FieldErrors | undefined {
  if (error instanceof RequestValidationError) {
    return fieldErrorsOf(error.zodError, CARTRIDGE_LABELS)
  }
  if (error instanceof z.ZodError) return fieldErrorsOf(error, CARTRIDGE_LABELS)
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  if (typeof code === 'string' && /^ERR_(LTI|OUTBOUND)_/.test(code)) {
    return { url: `The cartridge could not be read (${code}).` }
  }
  return undefined
}
const many = z.union([z.string(), z.array(z.string())]).optional()
const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

/** A new connection's form: the application's defaults (or a cartridge's) filled in. */
function newValues(app: ApplicationView, overrides: Partial<FormValues> = {}): FormValues {
  return {
    name: '',
    enabled: true,
    launchUrl: app.launchUrl,
    transferEmail: app.transferEmail,
    types: app.supportedTypes,
    listStudent: false,
    listParent: false,
    customParameters: linesOf(app.customParameters),
    consumerKey: '',
    hasSecret: false,
    loginUrl: app.loginUrl ?? '',
    redirectUris: (app.redirectUris ?? []).join('\n'),
    jwksUrl: app.jwksUrl ?? '',
    publicJwk: '',
    schoolIds: undefined,
    ...overrides,
  }
}

async function listPage(ctx: AppContext, errors?: string[], notice?: string) {
  const [apps, partners, pending] = await Promise.all([
    applicationSummaries(ctx.db),
    listPartners(ctx.db),
    listConnections(ctx.db, null),
  ])
  return (
    <ApplicationsPage
      apps={apps}
      partners={partners}
      pendingCount={pending.length}
      {...(errors === undefined ? {} : { errors })}
      {...(notice === undefined ? {} : { notice })}
    />
  )
}

export async function applicationConsoleRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx

  app.get(CONSOLE_BASE, adminOnly, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Digital Learning Applications',
      body: await listPage(ctx, undefined, noticeFrom(request.query, APPLICATION_NOTICES)),
    }),
  )

  app.post(`${CONSOLE_BASE}/add`, adminOnly, async (request, reply) => {
    const { partnerId } = parseRequest(
      z.object({ partnerId: z.string().min(1).max(100) }),
      request.body,
      'body',
    )
    const partner = await getPartner(db, partnerId)
    if (partner === undefined) throw new HttpProblem(404, `no partner ${partnerId}`)
    const { id: _id, slug: _slug, ...defaults } = partner
    try {
      const id = await conflictsAsProblems(() =>
        createApplication(db, { partnerId, defaults, now: ctx.clock() }),
      )
      return await reply.redirect(withNotice(applicationPath(id), 'created'), 303)
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error
      const body = await listPage(
        ctx,
        error.zodError.issues.map((i) => i.message),
      )
      return renderConsolePage(ctx, request, reply, {
        title: 'Digital Learning Applications',
        status: 400,
        body,
      })
    }
  })

  app.post(`${CONSOLE_BASE}/add-custom`, adminOnly, async (request, reply) => {
    const form = parseRequest(
      z.object({
        name: z.string().max(100),
        launchUrl: z.string().max(2048),
        supportedTypes: many,
        ltiVersions: many,
      }),
      request.body,
      'body',
    )
    try {
      const defaults = defaultsFrom(
        applicationUpdateBody.parse({
          name: form.name,
          launchUrl: form.launchUrl,
          supportedTypes: list(form.supportedTypes),
          ltiVersions: list(form.ltiVersions),
        }),
        ctx.config.publicUrl,
      )
      const id = await conflictsAsProblems(() =>
        createApplication(db, { partnerId: null, defaults, now: ctx.clock() }),
      )
      return await reply.redirect(withNotice(applicationPath(id), 'created'), 303)
    } catch (error) {
      const issues =
        error instanceof RequestValidationError
          ? error.zodError.issues
          : error instanceof z.ZodError
            ? error.issues
            : undefined
      if (issues === undefined) throw error
      const messages = Object.values(fieldErrorsOf(new z.ZodError(issues), APPLICATION_LABELS))
      const body = await listPage(ctx, messages)
      return renderConsolePage(ctx, request, reply, {
        title: 'Digital Learning Applications',
        status: 400,
        body,
      })
    }
  })

  await applicationLifecycleRoutes(app, ctx)

  const newForm = async (id: string): Promise<FormContext> => {
    const { summary } = await applicationSummary(db, await requireApplication(db, id))
    return {
      app: summary,
      title: 'New LTI Connection',
      action: `${applicationPath(id)}/connections/new`,
    }
  }

  app.get(`${CONSOLE_BASE}/:id/connections/new`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const form = await newForm(id)
    return renderConnectionForm(ctx, request, reply, form, { values: newValues(form.app) })
  })

  app.post(`${CONSOLE_BASE}/:id/connections/new`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    return submitConnectionForm(ctx, request, reply, await newForm(id))
  })

  app.post(`${CONSOLE_BASE}/:id/connections/import`, adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const { url } = postedValues(request.body, ['url'])
    const form = await newForm(id)
    try {
      const checked = cartridgeForm.safeParse({ url })
      if (!checked.success) throw checked.error
      const prefill = await importCartridge(url, ctx.config.publicUrl, ctx.outbound)
      const values = newValues(form.app, {
        name: prefill.name,
        launchUrl: prefill.launchUrl,
        customParameters: prefill.customParameters,
      })
      return await renderConnectionForm(ctx, request, reply, form, { values })
    } catch (error) {
      const errors = cartridgeErrors(error)
      if (errors === undefined) throw error
      // Refused: back on the application's page, the URL as typed, the message next to it.
      return applicationPage(ctx, request, reply, { cartridge: { url, errors } })
    }
  })

  const editForm = async (id: string): Promise<FormContext> => {
    const connection = await requireConnection(db, id)
    if (connection.applicationId === null) throw new HttpProblem(404, 'a pending registration')
    const { summary } = await applicationSummary(
      db,
      await requireApplication(db, connection.applicationId),
    )
    return {
      app: summary,
      title: `Edit ${connection.name}`,
      action: connectionPath(id),
      connection,
    }
  }

  app.get('/console/platform/connections/:id', adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const saved = parseRequest(
      z.object({ saved: z.string().optional() }),
      request.query,
      'query',
    ).saved
    const form = await editForm(id)
    const values = valuesOfConnection(form.connection ?? (await requireConnection(db, id)))
    return renderConnectionForm(ctx, request, reply, form, { values, saved: saved !== undefined })
  })

  app.post('/console/platform/connections/:id', adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    return submitConnectionForm(ctx, request, reply, await editForm(id))
  })

  async function deletePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const { id } = parseRequest(idParams, request.params, 'params')
    const connection = await requireConnection(db, id)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete ${connection.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: <ConnectionDeletePage connection={connection} errors={errors} />,
    })
  }

  app.get('/console/platform/connections/:id/delete', adminOnly, async (request, reply) =>
    deletePage(request, reply, {}),
  )

  app.post('/console/platform/connections/:id/delete', adminOnly, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const connection = await requireConnection(db, id)
    if (!isConfirmed(request.body)) return deletePage(request, reply, CONFIRM_ERRORS)
    await deleteConnection(db, id)
    const back =
      connection.applicationId === null ? CONSOLE_BASE : applicationPath(connection.applicationId)
    return reply.redirect(withNotice(back, 'connection-deleted'), 303)
  })
}
