/**
 * `createLtiPlatform`: every platform endpoint behind one web-standard handler, on the handlers of
 * this package (the same ones the ltihub server mounts), with the integrator's LMS reached only
 * through `lms` and the platform's records through `storage`.
 */
import type { PlatformDeps, PlatformEndpoints } from '../config.js'
import {
  handleLineItem,
  handleLineItemContainer,
  handleResults,
  handleScores,
} from '../ags/index.js'
import {
  type DeepLinkingResult,
  receiveContentItemSelection,
  receiveDeepLinkingResponse,
  startContentItemSelection,
  type StartContentItemInput,
  startDeepLinking,
  type StartDeepLinkingInput,
} from '../deep-linking/index.js'
import { isCodedError, PlatformError } from '../errors.js'
import { allowOnly, problemResponse } from '../internal/http.js'
import {
  handleAuthenticationRequest,
  type Lti11LaunchForm,
  type LoginInitiationStart,
} from '../launch/index.js'
import { handleMemberships } from '../nrps/index.js'
import { handleBasicOutcomes } from '../outcomes/index.js'
import {
  handleOpenIdConfiguration,
  handleRegistration,
  type RegistrationStart,
  startRegistration,
} from '../registration/index.js'
import { handleJwks, handleTokenEndpoint } from '../token/index.js'
import type { LineItem, ResourceLink, ToolConnection } from '../ports.js'
import { placeResourceLink, type ResourceLinkPlacement } from './place.js'
import { toolConnection, type ToolConnectionInput } from './connection.js'
import { depsFactory, settingsOf } from './deps.js'
import { launchPage, type LaunchPageContext, learningToolTarget } from './launch.js'
import type { LtiPlatformOptions, PlatformEvent, PlatformStorage } from './options.js'
import { errorPage, launchBindingCookie, messagePage } from './pages.js'
import { matchRoute, mountRoot, type PlatformRoute } from './routes.js'
import { nodeHandler, type NodeHandlerOptions } from './node.js'
import type { IncomingMessage, ServerResponse } from 'node:http'

export type Handler = (request: Request) => Promise<Response>

/** The platform router and the calls the integrator's pages make. */
export interface LtiPlatform {
  /** Every endpoint under `publicUrl`; anything else answers 404 problem details. */
  readonly handle: Handler
  /** `handle` for `node:http` and Express: `app.use('/lti', platform.nodeHandler)`. */
  readonly nodeHandler: (incoming: IncomingMessage, outgoing: ServerResponse) => void
  /** The issuer tools register (`iss` of every id_token). */
  readonly issuer: string
  /** The URLs tools are given (authorization, token, JWKS, services). */
  readonly endpoints: PlatformEndpoints
  /**
   * The launch page of a placed link for the signed-in user: link to it, or make it an iframe's
   * `src`. `presentation` is the document target the tool is told (default `iframe`); `returnUrl`
   * (same origin) is where the tool may send the user back.
   */
  launchUrl(
    resourceLinkId: string,
    options?: { readonly presentation?: 'iframe' | 'window'; readonly returnUrl?: string },
  ): string
  /** The launch page of a connection's Learning Tools list entry in a school. */
  learningToolLaunchUrl(connectionId: string, schoolId: string, contextId?: string): string
  /**
   * Starts a deep linking request (a teacher adding content from a tool): send the browser to
   * the returned `url`. Created links come back to `/deep-linking/:sessionId`.
   */
  startDeepLinking(
    input: StartDeepLinkingInput,
  ): Promise<LoginInitiationStart & { sessionId: string }>
  /**
   * Starts a Content-Item selection (the same, for an LTI 1.1 tool): answer the browser with
   * `lti11LaunchResponse(form)`. The selection comes back to `/content-item/:sessionId`.
   */
  startContentItemSelection(
    input: StartContentItemInput,
  ): Promise<Lti11LaunchForm & { readonly sessionId: string }>
  /** Starts a Dynamic Registration: open the returned `url` (the tool's registration page). */
  startRegistration(input: {
    readonly toolRegistrationUrl: string
    readonly schoolIds: readonly string[]
    readonly userId: string
  }): Promise<RegistrationStart>
  /**
   * Places a tool's link in a course (the integrator's "add tool" action). Aligned with a points
   * assignment of a connection with score passback, it also gets the line item its launches name.
   */
  placeResourceLink(
    placement: ResourceLinkPlacement,
  ): Promise<{ readonly resourceLink: ResourceLink; readonly lineItem?: LineItem }>
  /** A tool connection for this platform's issuer, with the usual defaults (store it yourself). */
  toolConnection(input: ToolConnectionInput): ToolConnection
  /** The dependencies of the lower-level handlers and functions, for what the router lacks. */
  readonly deps: PlatformDeps
}

/** Endpoints whose writes span several records: run in one transaction when storage has them. */
const ATOMIC = new Set<PlatformRoute['endpoint']>([
  'registration',
  'lineItem',
  'scores',
  'deepLinkingReturn',
  'contentItemReturn',
])

/** Endpoints a browser opens: refusals are pages, not problem details. */
const PAGES = new Set<PlatformRoute['endpoint']>([
  'launch',
  'learningToolLaunch',
  'deepLinkingReturn',
  'contentItemReturn',
])

/** Carries a refusal out of a transaction so that it rolls back. */
class Refused extends Error {
  constructor(readonly response: Response) {
    super('refused')
  }
}

function notFound(path: string): Response {
  return problemResponse(
    new PlatformError('ERR_LTI_PLATFORM_ROUTE_NOT_FOUND', { detail: path.slice(0, 200) }),
  )
}

function defaultDeepLinkingPage(result: DeepLinkingResult): Response {
  const count = result.resourceLinks.length + result.embeddedContentIds.length
  return messagePage({
    status: 200,
    title: count === 0 ? 'Nothing was added' : `${count} item(s) added`,
    paragraphs: [result.msg, result.errorMsg].filter((p): p is string => p !== undefined),
  })
}

function signInRequired(): Response {
  return errorPage(new PlatformError('ERR_LTI_PLATFORM_LOGIN_REQUIRED'))
}

/**
 * Creates the platform router over `storage` and `lms`. No server, no singleton: mount `handle`
 * (any framework with web `Request`s) or `nodeHandler` (node:http, Express) under `publicUrl`.
 *
 * @example
 * const platform = createLtiPlatform({ publicUrl: 'https://lms.example.com/lti', storage, lms,
 *   secret: process.env.LTI_PLATFORM_SECRET })
 * app.use('/lti', platform.nodeHandler)
 * // in a course page: <iframe src="${platform.launchUrl(link.id)}"></iframe>
 */
export function createLtiPlatform(options: LtiPlatformOptions): LtiPlatform {
  const root = mountRoot(options.publicUrl)
  const basePath = new URL(root).pathname.replace(/\/$/, '')
  const settings = settingsOf(options)
  const depsOf = depsFactory(options, settings)
  const deps = depsOf(options.storage)
  const { lms, storage } = options
  const emit = (event: PlatformEvent) => {
    try {
      options.onEvent?.(event)
    } catch {
      // A failing logger must not change the answer.
    }
  }
  const binding = launchBindingCookie(new URL(root).protocol === 'https:')
  const launchContext = (d: PlatformDeps): LaunchPageContext => ({
    deps: d,
    binding,
    currentUserId: (request) => lms.currentUserId(request),
    signIn: options.signIn ?? signInRequired,
  })

  /** Runs `work` in one transaction when the storage has them; a refusal rolls it back. */
  const atomically = async (work: (d: PlatformDeps) => Promise<Response>): Promise<Response> => {
    if (storage.transaction === undefined) return work(deps)
    try {
      return await storage.transaction(async (bound: PlatformStorage) => {
        const response = await work(depsOf(bound))
        if (response.status >= 400) throw new Refused(response)
        return response
      })
    } catch (error) {
      if (error instanceof Refused) return error.response
      throw error
    }
  }

  const dispatch = async (found: PlatformRoute, request: Request, d: PlatformDeps) => {
    switch (found.endpoint) {
      case 'authorize':
        return handleAuthenticationRequest(
          request,
          d,
          { userId: await lms.currentUserId(request), browserBinding: binding.read(request) },
          {
            onRejected: (error) =>
              emit({
                endpoint: 'authorize',
                status: error.status,
                code: error.code,
                ...detail(error),
              }),
          },
        )
      case 'token':
        return handleTokenEndpoint(request, d)
      case 'jwks':
        return handleJwks(request, d)
      case 'openidConfiguration':
        return handleOpenIdConfiguration(request, d)
      case 'registration':
        return handleRegistration(request, d)
      case 'outcomes':
        return handleBasicOutcomes(request, d, {
          onRejected: (error) =>
            emit({
              endpoint: 'outcomes',
              status: error.status,
              code: error.code,
              ...detail(error),
            }),
        })
      case 'deepLinkingReturn':
        return deepLinkingReturn(request, d, found.sessionId)
      case 'contentItemReturn':
        return contentItemReturn(request, d, found.sessionId)
      case 'lineItems':
        return handleLineItemContainer(request, d, found)
      case 'lineItem':
        return handleLineItem(request, d, found)
      case 'scores':
        return handleScores(request, d, found)
      case 'results':
        return handleResults(request, d, found)
      case 'memberships':
        return handleMemberships(request, d, found)
      case 'launch':
        return launchPage(launchContext(d), request, {
          kind: 'resource-link',
          resourceLinkId: found.resourceLinkId,
        })
      case 'learningToolLaunch':
        return launchPage(
          launchContext(d),
          request,
          learningToolTarget(new URL(request.url), found.connectionId),
        )
    }
  }

  const deepLinkingReturn = async (request: Request, d: PlatformDeps, sessionId: string) => {
    const refused = allowOnly(request, ['POST'])
    if (refused !== undefined) return refused
    const currentUserId = await lms.currentUserId(request)
    const result = await receiveDeepLinkingResponse(request, d, {
      sessionId,
      ...(currentUserId === undefined ? {} : { currentUserId }),
    })
    return options.onDeepLinkingReturn === undefined
      ? defaultDeepLinkingPage(result)
      : options.onDeepLinkingReturn(result, request)
  }

  const contentItemReturn = async (request: Request, d: PlatformDeps, sessionId: string) => {
    const refused = allowOnly(request, ['POST'])
    if (refused !== undefined) return refused
    const result = await receiveContentItemSelection(request, d, { sessionId })
    return options.onContentItemReturn === undefined
      ? messagePage({
          status: 200,
          title: result.created === 0 ? 'Nothing was added' : `${result.created} item(s) added`,
          paragraphs: result.msg === undefined ? [] : [result.msg],
        })
      : options.onContentItemReturn(result, request)
  }

  const handle: Handler = async (request) => {
    const path = new URL(request.url).pathname
    const relative = path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined
    const found = relative === undefined ? undefined : matchRoute(relative)
    if (found === undefined) {
      await request.body?.cancel()
      return notFound(path)
    }
    try {
      return ATOMIC.has(found.endpoint)
        ? await atomically((d) => dispatch(found, request, d))
        : await dispatch(found, request, deps)
    } catch (error) {
      const coded = isCodedError(error)
        ? error
        : new PlatformError('ERR_LTI_PLATFORM_INTERNAL', { cause: error })
      emit({
        endpoint: found.endpoint,
        status: coded.status,
        code: coded.code,
        ...detail(coded),
        error,
      })
      return PAGES.has(found.endpoint) ? errorPage(coded) : problemResponse(coded)
    }
  }

  const nodeOptions: NodeHandlerOptions = { origin: new URL(root).origin }
  const enc = encodeURIComponent
  return {
    handle,
    nodeHandler: nodeHandler(handle, nodeOptions),
    issuer: settings.issuer,
    endpoints: settings.endpoints,
    launchUrl(resourceLinkId, launch = {}) {
      const query = new URLSearchParams()
      if (launch.presentation !== undefined) query.set('presentation', launch.presentation)
      if (launch.returnUrl !== undefined) query.set('return', launch.returnUrl)
      const search = query.size === 0 ? '' : `?${query.toString()}`
      return `${root}/launch/${enc(resourceLinkId)}${search}`
    },
    learningToolLaunchUrl(connectionId, schoolId, contextId) {
      const query = new URLSearchParams({ school: schoolId })
      if (contextId !== undefined) query.set('context', contextId)
      return `${root}/learning-tools/${enc(connectionId)}/launch?${query.toString()}`
    },
    startDeepLinking: (input) => startDeepLinking(deps, input),
    startContentItemSelection: (input) => startContentItemSelection(deps, input),
    startRegistration: (input) => startRegistration(deps, input),
    placeResourceLink: (placement) => placeResourceLink(deps, placement),
    toolConnection: (input) => toolConnection(settings.issuer, input),
    deps,
  }
}

function detail(error: { readonly detail?: string | undefined }): { detail?: string } {
  return error.detail === undefined ? {} : { detail: error.detail }
}
