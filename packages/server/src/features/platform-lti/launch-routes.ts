/**
 * The user-facing launch pages: a placed link (`/platform/launch/:resourceLinkId`) and a
 * Learning Tools list entry (`/platform/learning-tools/:connectionId/launch?school=`). An LTI 1.3
 * tool opens in an iframe of a platform page that offers platform storage (login initiation with
 * `lti_storage_target`), or in a new window by redirect; an LTI 1.1 tool gets the signed
 * auto-posting form. The signed-in user comes from the console session; each LTI 1.3 launch is
 * bound to this browser by the launch binding cookie (launch-binding.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { parseRequest } from '../../http/validate.js'
import type { PlatformRuntime } from './deps.js'
import {
  buildLti11LaunchForm,
  isCodedError,
  type LaunchTarget,
  lti11LaunchResponse,
  originsOf,
  type PlatformDeps,
  STORAGE_TARGET_PARENT,
  startLaunch,
  type ToolConnection,
} from './layer.js'
import { autoPostCsp, cspNonce, framedToolPage, launchErrorPage } from './pages.js'
import { CONSOLE, publicRoot, ROUTES } from './urls.js'
import { sendWebResponse } from './web-adapter.js'

const presentationSchema = z.enum(['iframe', 'window']).default('iframe')
const id = z.string().min(1).max(255)
// Built once: zod compiles a schema on its first use, which per request showed in launch profiles.
const linkParams = z.object({ resourceLinkId: id })
const linkQuery = z.object({ presentation: presentationSchema })
const learningToolParams = z.object({ connectionId: id })
const learningToolQuery = z.object({ school: id, presentation: presentationSchema })

/** The origins a tool lives on (login, redirect and launch URLs): what the frame may load. */
export function toolOriginsOf(connection: ToolConnection): string[] {
  const reg = connection.lti13
  if (reg === undefined) return []
  return originsOf([
    reg.initiateLoginUri,
    reg.targetLinkUri,
    ...reg.redirectUris,
    ...(reg.deepLinkingUri === undefined ? [] : [reg.deepLinkingUri]),
  ])
}

async function connectionOf(deps: PlatformDeps, target: LaunchTarget) {
  if (target.kind === 'learning-tool') return deps.connections.get(target.connectionId)
  const link = await deps.resourceLinks.get(target.resourceLinkId)
  return link === undefined ? undefined : deps.connections.get(link.connectionId)
}

/** The LTI 1.1 launch: the signed form, auto-posted at the top level. */
async function lti11Launch(
  deps: PlatformDeps,
  userId: string,
  target: LaunchTarget,
  returnUrl: string,
) {
  const form = await buildLti11LaunchForm(deps, {
    userId,
    target,
    presentation: 'window',
    returnUrl,
  })
  const nonce = cspNonce()
  const response = lti11LaunchResponse(form, { cspNonce: nonce })
  response.headers.set('content-security-policy', autoPostCsp(nonce, form.url))
  return response
}

/**
 * The launch response for a signed-in user: framed page, redirect or LTI 1.1 form. Refusals of
 * the platform layer (not enrolled, connection off, …) become an error page with their status.
 */
export async function launchPage(
  runtime: PlatformRuntime,
  userId: string,
  target: LaunchTarget,
  presentation: 'iframe' | 'window',
  browserBinding?: string,
): Promise<Response> {
  const deps = runtime.deps()
  const { metrics } = runtime.ctx
  const root = publicRoot(runtime.ctx.config.publicUrl)
  const returnUrl = root + CONSOLE.learningTools
  try {
    const connection = await connectionOf(deps, target)
    if (
      connection !== undefined &&
      connection.lti13 === undefined &&
      connection.lti11 !== undefined
    ) {
      const form = await lti11Launch(deps, userId, target, returnUrl)
      metrics.launch('platform', '1.1')
      return form
    }
    const framed = presentation === 'iframe'
    const start = await startLaunch(deps, {
      userId,
      target,
      presentation,
      returnUrl,
      ...(framed ? { storageTarget: STORAGE_TARGET_PARENT } : {}),
      ...(browserBinding === undefined ? {} : { browserBinding }),
    })
    metrics.launch('platform', '1.3')
    if (!framed || connection === undefined) return Response.redirect(start.url, 303)
    return framedToolPage({
      title: connection.name,
      loginUrl: start.url,
      toolOrigins: toolOriginsOf(connection),
      platformOrigin: new URL(root).origin,
    })
  } catch (error) {
    if (!isCodedError(error)) throw error
    metrics.refusal('platform', 'launch', error.code)
    return launchErrorPage(error)
  }
}

/** Without a console session: to the sign-in page, coming back here afterwards. */
function signInFirst(reply: FastifyReply, request: FastifyRequest): FastifyReply {
  return reply.redirect(`/console/sign-in?next=${encodeURIComponent(request.url)}`, 303)
}

export async function launchRoutes(app: FastifyInstance, runtime: PlatformRuntime): Promise<void> {
  const { sessions } = runtime.ctx
  app.get(ROUTES.launch, async (request, reply) => {
    const { resourceLinkId } = parseRequest(linkParams, request.params, 'params')
    const query = parseRequest(linkQuery, request.query, 'query')
    const principal = await sessions.read(request)
    if (principal === undefined) return signInFirst(reply, request)
    const target: LaunchTarget = { kind: 'resource-link', resourceLinkId }
    return sendWebResponse(
      reply,
      await launchPage(
        runtime,
        principal.id,
        target,
        query.presentation,
        runtime.launchBinding.ensure(request, reply),
      ),
    )
  })
  app.get(ROUTES.learningToolLaunch, async (request, reply) => {
    const { connectionId } = parseRequest(learningToolParams, request.params, 'params')
    const query = parseRequest(learningToolQuery, request.query, 'query')
    const principal = await sessions.read(request)
    if (principal === undefined) return signInFirst(reply, request)
    const target: LaunchTarget = { kind: 'learning-tool', connectionId, schoolId: query.school }
    return sendWebResponse(
      reply,
      await launchPage(
        runtime,
        principal.id,
        target,
        query.presentation,
        runtime.launchBinding.ensure(request, reply),
      ),
    )
  })
}
