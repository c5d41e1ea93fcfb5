/**
 * The launch pages of the router: `GET /launch/:resourceLinkId` and
 * `GET /learning-tools/:connectionId/launch?school=`, opened by the integrator's pages (a link,
 * or an iframe `src`). The signed-in user comes from `lms.currentUserId`; an LTI 1.3 tool gets a
 * redirect to its login initiation (the launch bound to this browser by the launch binding
 * cookie), an LTI 1.1-only tool the signed auto-posting form.
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import { allowOnly } from '../internal/http.js'
import { buildLti11LaunchForm, lti11LaunchResponse, startLaunch } from '../launch/index.js'
import type { LaunchTarget, PresentationTarget } from '../ports.js'
import type { LaunchBindingCookie } from './pages.js'

/** What a launch page needs besides the platform dependencies. */
export interface LaunchPageContext {
  readonly deps: PlatformDeps
  readonly binding: LaunchBindingCookie
  readonly currentUserId: (request: Request) => Promise<string | undefined>
  readonly signIn: (request: Request) => Response | Promise<Response>
}

function presentationOf(url: URL): PresentationTarget {
  const value = url.searchParams.get('presentation')
  return value === 'window' ? 'window' : 'iframe'
}

/** `return_url` of the launch: the optional `return` query parameter, when same-origin. */
function returnUrlOf(url: URL): string | undefined {
  const value = url.searchParams.get('return')
  if (value === null) return undefined
  try {
    const target = new URL(value, url)
    return target.origin === url.origin ? target.href : undefined
  } catch {
    return undefined
  }
}

async function connectionOf(deps: PlatformDeps, target: LaunchTarget) {
  if (target.kind === 'learning-tool') return deps.connections.get(target.connectionId)
  const link = await deps.resourceLinks.get(target.resourceLinkId)
  return link === undefined ? undefined : deps.connections.get(link.connectionId)
}

/** The target of a learning tool launch: the connection and the `school` (and `context`) query. */
export function learningToolTarget(url: URL, connectionId: string): LaunchTarget {
  const schoolId = url.searchParams.get('school')
  if (schoolId === null || schoolId === '') {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', {
      claim: 'school',
      detail: 'the school query parameter is missing',
    })
  }
  const contextId = url.searchParams.get('context')
  return {
    kind: 'learning-tool',
    connectionId,
    schoolId,
    ...(contextId === null || contextId === '' ? {} : { contextId }),
  }
}

/**
 * Opens `target` for the signed-in user. Refusals of the platform layer (unknown link, not
 * enrolled, connection off) are thrown as coded errors; the router renders them.
 */
export async function launchPage(
  context: LaunchPageContext,
  request: Request,
  target: LaunchTarget,
): Promise<Response> {
  const refused = allowOnly(request, ['GET'])
  if (refused !== undefined) return refused
  const userId = await context.currentUserId(request)
  if (userId === undefined) return context.signIn(request)
  const { deps } = context
  const url = new URL(request.url)
  const presentation = presentationOf(url)
  const returnUrl = returnUrlOf(url)
  const connection = await connectionOf(deps, target)
  if (connection?.lti13 === undefined && connection?.lti11 !== undefined) {
    const form = await buildLti11LaunchForm(deps, {
      userId,
      target,
      presentation,
      ...(returnUrl === undefined ? {} : { returnUrl }),
    })
    return lti11LaunchResponse(form)
  }
  const binding = context.binding.ensure(request)
  const start = await startLaunch(deps, {
    userId,
    target,
    presentation,
    browserBinding: binding.value,
    ...(returnUrl === undefined ? {} : { returnUrl }),
  })
  return new Response(null, {
    status: 303,
    headers: { location: start.url, 'set-cookie': binding.setCookie, 'cache-control': 'no-store' },
  })
}
