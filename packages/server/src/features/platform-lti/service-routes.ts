/**
 * The LTI endpoints tools call (directly or through the browser): OIDC authorization, token,
 * AGS, NRPS, deep linking return, Basic Outcomes, OpenID configuration and Dynamic
 * Registration. Each route is the platform layer's web handler behind the one adapter; routes
 * that write several records run in one transaction, rolled back on any refusal.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpProblem } from '../../http/problems.js'
import type { Metrics, ScoreService } from '../../metrics/port.js'
import { noteLti11Failure } from '../rate-limit/bad-signature.js'
import type { PlatformRuntime } from './deps.js'
import { inTransaction } from './deps.js'
import {
  handleAuthenticationRequest,
  handleBasicOutcomes,
  handleLineItem,
  handleLineItemContainer,
  handleMemberships,
  handleOpenIdConfiguration,
  handleRegistration,
  handleResults,
  handleScores,
  handleTokenEndpoint,
  isCodedError,
  type PlatformDeps,
  receiveContentItemSelection,
  receiveDeepLinkingResponse,
} from './layer.js'
import { launchErrorPage, messagePage } from './pages.js'
import { assignmentPagePath, ROUTES } from './urls.js'
import { keepRawBodies, webRoute } from './web-adapter.js'

type ContextParams = { contextId: string }
type LineItemParams = { contextId: string; lineItemId: string }

function params<T>(request: FastifyRequest): T {
  return request.params as T
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const

/**
 * Runs a score handler with a grade book that notes each write, and counts the writes once the
 * handler answered a success (a refused request rolls its writes back, so they never count).
 */
async function countingScores(
  metrics: Metrics,
  service: ScoreService,
  run: (scored: (deps: PlatformDeps) => PlatformDeps) => Promise<Response>,
): Promise<Response> {
  const results: ('applied' | 'stale')[] = []
  const response = await run((deps) => ({
    ...deps,
    gradeBook: {
      read: (assignmentId, userId) => deps.gradeBook.read(assignmentId, userId),
      write: async (entry) => {
        const result = await deps.gradeBook.write(entry)
        results.push(result)
        return result
      },
    },
  }))
  if (response.status < 400) for (const result of results) metrics.scoreAccepted(service, result)
  return response
}

/** The deep linking return page: what was added, and the tool's message for the user. */
async function deepLinkingReturn(
  runtime: PlatformRuntime,
  request: Request,
  fastify: FastifyRequest,
): Promise<Response> {
  const { sessionId } = params<{ sessionId: string }>(fastify)
  const userId = (await runtime.ctx.sessions.read(fastify))?.id
  return inTransaction(runtime, async (deps) => {
    try {
      const result = await receiveDeepLinkingResponse(request, deps, {
        sessionId,
        ...(userId === undefined ? {} : { currentUserId: userId }),
      })
      const count = result.resourceLinks.length + result.embeddedContentIds.length
      const assignmentId = result.session.assignmentId
      if (result.log !== undefined || result.errorLog !== undefined) {
        fastify.log.info(
          { toolLog: result.log, toolErrorLog: result.errorLog },
          'deep linking return',
        )
      }
      return messagePage({
        status: 200,
        title: count === 0 ? 'Nothing was added' : `${count} item(s) added`,
        paragraphs: [result.msg, result.errorMsg].filter((p): p is string => p !== undefined),
        ...(assignmentId === undefined
          ? {}
          : { link: { href: assignmentPagePath(assignmentId), label: 'Back to the assignment' } }),
      })
    } catch (error) {
      if (!isCodedError(error)) throw error
      fastify.log.warn({ code: error.code, detail: error.detail }, 'deep linking return refused')
      return launchErrorPage(error)
    }
  })
}

/** The Content-Item return page (LTI 1.1 tools), like the deep linking one. */
async function contentItemReturn(
  runtime: PlatformRuntime,
  request: Request,
  fastify: FastifyRequest,
): Promise<Response> {
  const { sessionId } = params<{ sessionId: string }>(fastify)
  return inTransaction(runtime, async (deps) => {
    try {
      const result = await receiveContentItemSelection(request, deps, { sessionId })
      const assignmentId = result.session.assignmentId
      return messagePage({
        status: 200,
        title: result.created === 0 ? 'Nothing was added' : `${result.created} item(s) added`,
        paragraphs: result.msg === undefined ? [] : [result.msg],
        ...(assignmentId === undefined
          ? {}
          : { link: { href: assignmentPagePath(assignmentId), label: 'Back to the assignment' } }),
      })
    } catch (error) {
      if (!isCodedError(error)) throw error
      fastify.log.warn({ code: error.code, detail: error.detail }, 'content-item return refused')
      return launchErrorPage(error)
    }
  })
}

/** Registers the LTI endpoints in their own scope (raw bodies). */
export async function serviceRoutes(app: FastifyInstance, runtime: PlatformRuntime): Promise<void> {
  keepRawBodies(app)
  const { ctx } = runtime
  const route = (handle: Parameters<typeof webRoute>[1]) => webRoute(ctx.config.publicUrl, handle)
  const deps = () => runtime.deps()

  app.route({
    method: ['GET', 'POST'],
    url: ROUTES.authorize,
    handler: route(async (request, fastify) =>
      handleAuthenticationRequest(
        request,
        deps(),
        // The SameSite=Lax session cookie comes with a top-level navigation from the tool, not
        // with one inside a frame of a tool on another site; the launch binding cookie
        // (SameSite=None) comes with both and identifies the launching browser.
        {
          userId: (await ctx.sessions.read(fastify))?.id,
          browserBinding: runtime.launchBinding.read(fastify),
        },
        {
          onRejected: (error) => {
            ctx.metrics.refusal('platform', 'authorize', error.code)
            fastify.log.info(
              { code: error.code, detail: error.detail },
              'authentication request refused',
            )
          },
        },
      ),
    ),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.token,
    handler: route((r) => handleTokenEndpoint(r, deps())),
  })
  // Dynamic Registration advertises https endpoints only (DR §3.4), or http ones on loopback for
  // a development instance (the layer's opt-in). Any other http PUBLIC_URL has no document,
  // rather than one failing on every request.
  const registrable =
    new URL(ctx.config.publicUrl).protocol === 'https:' ||
    runtime.settings.dangerouslyAllowInsecureLoopback === true
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.openidConfiguration,
    handler: route(async (r) => {
      if (!registrable) {
        throw new HttpProblem(404, 'Dynamic Registration needs an https PUBLIC_URL')
      }
      return handleOpenIdConfiguration(r, deps())
    }),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.registration,
    // One transaction: the token is spent and the pending connection stored together, or neither.
    handler: route((r) => inTransaction(runtime, (d) => handleRegistration(r, d))),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.outcomes,
    handler: route((r, f) =>
      countingScores(ctx.metrics, 'basic-outcomes', (scored) =>
        handleBasicOutcomes(r, scored(deps()), {
          onRejected: (error) => {
            ctx.metrics.refusal('platform', 'basic-outcomes', error.code)
            noteLti11Failure(f, error.code)
          },
        }),
      ),
    ),
  })
  app.post(
    ROUTES.deepLinkingReturn,
    route((r, f) => deepLinkingReturn(runtime, r, f)),
  )
  app.post(
    ROUTES.contentItemReturn,
    route((r, f) => contentItemReturn(runtime, r, f)),
  )
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.lineItems,
    handler: route((r, f) => handleLineItemContainer(r, deps(), params<ContextParams>(f))),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.lineItem,
    handler: route((r, f) =>
      inTransaction(runtime, (d) => handleLineItem(r, d, params<LineItemParams>(f))),
    ),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.scores,
    handler: route((r, f) =>
      countingScores(ctx.metrics, 'ags', (scored) =>
        inTransaction(runtime, (d) => handleScores(r, scored(d), params<LineItemParams>(f))),
      ),
    ),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.results,
    handler: route((r, f) => handleResults(r, deps(), params<LineItemParams>(f))),
  })
  app.route({
    method: [...ALL_METHODS],
    url: ROUTES.memberships,
    handler: route((r, f) => handleMemberships(r, deps(), params<ContextParams>(f))),
  })
}
