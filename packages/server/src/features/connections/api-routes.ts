/**
 * REST API of the administrators' LTI configuration, under `/api/platform/applications` and
 * `/api/platform/connections`. Every route: an administrator (session or API token, checked by the
 * API guard before any input), zod-parsed input, responses
 * parsed by their contract (unlisted fields, secrets included, are stripped), problem details.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest, parseResponse } from '../../http/validate.js'
import { ADMIN_ONLY, adminOf } from './access.js'
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
  applicationResponse,
  applicationUpdateBody,
  cartridgeImportBody,
  connectionBody,
  connectionResponse,
  type DefaultsBody,
  idParams,
  partnerResponse,
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

  app.get(`${APPS}/catalog`, ADMIN_ONLY, async () =>
    parseResponse(z.array(partnerResponse), await listPartners(db)),
  )

  app.get(APPS, ADMIN_ONLY, async () =>
    parseResponse(z.array(applicationResponse), await applicationSummaries(db)),
  )

  app.post(APPS, ADMIN_ONLY, async (request, reply) => {
    const body = parseRequest(applicationCreateBody, request.body, 'body')
    let id: string
    if ('partnerId' in body) {
      const partner = await getPartner(db, body.partnerId)
      if (partner === undefined) {
        throw fieldErrors([{ path: 'partnerId', message: `no catalog partner ${body.partnerId}` }])
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
    const { summary } = await applicationSummary(db, await requireApplication(db, id))
    return reply.status(201).send(parseResponse(applicationResponse, summary))
  })

  app.get(`${APPS}/:id`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const { summary, connections } = await applicationSummary(db, await requireApplication(db, id))
    return {
      application: parseResponse(applicationResponse, summary),
      connections: parseResponse(z.array(connectionResponse), connections),
    }
  })

  app.put(`${APPS}/:id`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const defaults = defaultsFrom(
      parseRequest(applicationUpdateBody, request.body, 'body'),
      publicUrl,
    )
    const updated = await conflictsAsProblems(() =>
      updateApplication(db, id, defaults, ctx.clock()),
    )
    if (!updated) throw new HttpProblem(404, `no application ${id}`)
    return parseResponse(
      applicationResponse,
      (await applicationSummary(db, await requireApplication(db, id))).summary,
    )
  })

  app.delete(`${APPS}/:id`, ADMIN_ONLY, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    if (!(await deleteApplication(db, id))) throw new HttpProblem(404, `no application ${id}`)
    return reply.status(204).send()
  })

  app.post(`${APPS}/:id/restore-defaults`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const restored = await restoreDefaults(db, id, ctx.clock())
    if (restored === undefined) throw new HttpProblem(404, `no application ${id}`)
    if (!restored) {
      throw fieldErrors([{ path: '', message: 'a custom application has no catalog defaults' }])
    }
    return parseResponse(
      applicationResponse,
      (await applicationSummary(db, await requireApplication(db, id))).summary,
    )
  })

  app.get(`${APPS}/:id/schools`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const query = parseRequest(
      z.strictObject({ connectionId: z.string().min(1).max(100).optional() }),
      request.query,
      'query',
    )
    await requireApplication(db, id)
    const choices = await schoolChoices(db, id, query.connectionId)
    return choices.map((c) => ({ ...c, takenBy: c.takenBy ?? null }))
  })

  app.post(`${APPS}/:id/connections`, ADMIN_ONLY, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const body = parseRequest(connectionBody, request.body, 'body')
    const application = await requireApplication(db, id)
    const draft = await resolveDraft(db, { app: application, body, publicUrl })
    const connectionId = await conflictsAsProblems(() =>
      createConnection(db, ctx.cipher, {
        applicationId: id,
        draft,
        issuer: issuerOf(publicUrl),
        now: ctx.clock(),
      }),
    )
    return reply
      .status(201)
      .send(parseResponse(connectionResponse, await requireConnection(db, connectionId)))
  })

  app.post(`${APPS}/:id/cartridge`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const body = parseRequest(cartridgeImportBody, request.body, 'body')
    await requireApplication(db, id)
    return importCartridge(body.url, publicUrl, ctx.outbound)
  })
}

async function connectionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx
  const publicUrl = ctx.config.publicUrl

  app.get(CONNECTIONS, ADMIN_ONLY, async (request) => {
    const query = parseRequest(
      z.strictObject({ status: z.literal('pending') }),
      request.query,
      'query',
    )
    return parseResponse(
      z.array(connectionResponse),
      query.status === 'pending' ? await listConnections(db, null) : [],
    )
  })

  app.get(`${CONNECTIONS}/:id`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    return parseResponse(connectionResponse, await requireConnection(db, id))
  })

  app.put(`${CONNECTIONS}/:id`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const body = parseRequest(connectionBody, request.body, 'body')
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
    return parseResponse(connectionResponse, await requireConnection(db, id))
  })

  app.delete(`${CONNECTIONS}/:id`, ADMIN_ONLY, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    if (!(await deleteConnection(db, id))) throw new HttpProblem(404, `no connection ${id}`)
    return reply.status(204).send()
  })

  app.post(`${CONNECTIONS}/:id/test`, ADMIN_ONLY, async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const result = await runConnectionTest(ctx, adminOf(request), await savedConnection(ctx, id))
    return parseResponse(testResultResponse, result)
  })
}

/** Mounts the API in its own scope; each route declares `ADMIN_ONLY` for the API guard. */
export async function connectionsApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await applicationRoutes(app, ctx)
  await connectionRoutes(app, ctx)
  await registrationRoutes(app, ctx)
}
