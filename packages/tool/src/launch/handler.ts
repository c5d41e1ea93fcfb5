import { ToolError } from '../errors/tool-error.js'
import { MESSAGE_TYPE } from '../internal/core.js'
import { clearStateCookie } from '../internal/cookies.js'
import { readForm } from '../internal/form.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { startDeepLinking } from '../deep-linking/start.js'
import { afterLaunch } from '../roster/on-launch.js'
import type { FinishedLaunch } from './finish.js'
import { handleLti11Launch } from './lti11.js'
import { finishLti13ResourceLaunch } from './lti13-resource.js'
import { verifyLti13Launch } from './lti13.js'

/** Largest launch body the tool reads (core bounds each protocol again). */
const MAX_LAUNCH_BYTES = 256 * 1024

/**
 * The launch request with its form already read into memory. The body is read once, bounded, from
 * the network; a `clone()` of a streamed body would tee it, and cancelling one branch on an
 * oversize body leaves the other one holding the connection open.
 */
function buffered(request: Request, form: URLSearchParams): Request {
  const headers = new Headers(request.headers)
  headers.delete('content-length')
  return new Request(request.url, { method: request.method, headers, body: form.toString() })
}

/** A response with one more header, whatever the (possibly immutable) headers of the original. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.append(name, value)
    return response
  } catch {
    // Immutable headers (`Response.redirect`, a fetched response): copy them into a new response.
  }
  const headers = new Headers(response.headers)
  headers.append(name, value)
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
}

async function answer(runtime: ToolRuntime, request: Request, finished: FinishedLaunch) {
  return runtime.onLaunch(finished.launch, request)
}

/**
 * The launch endpoint, for both protocols on one URL (the LTI 1.3 redirect URI is also the LTI 1.1
 * launch URL, with or without a course external ID appended): a form with `lti_message_type` is an
 * LTI 1.1 launch; anything else is an LTI 1.3 authentication response (`id_token` + `state`, or an
 * OIDC `error`). Every failure is thrown as a coded error, before any account is created.
 */
export async function handleLaunch(request: Request, runtime: ToolRuntime): Promise<Response> {
  if (request.method !== 'POST')
    throw new ToolError('ERR_LTI_METHOD_NOT_ALLOWED', { detail: request.method })
  const form = await readForm(request, MAX_LAUNCH_BYTES)
  request = buffered(request, form)
  if (form.has('lti_message_type')) {
    const finished = await handleLti11Launch(request, runtime)
    await afterLaunch(runtime, finished)
    return answer(runtime, request, finished)
  }
  const verified = await verifyLti13Launch(request, form, runtime)
  if (verified.kind === 'relay') return verified.response
  const { registration, view, state } = verified
  const response =
    view.messageType === MESSAGE_TYPE.deepLinkingRequest
      ? await startDeepLinking(runtime, request, registration, view)
      : await finishResourceLaunch(runtime, request, verified)
  return withHeader(response, 'Set-Cookie', clearStateCookie(state))
}

async function finishResourceLaunch(
  runtime: ToolRuntime,
  request: Request,
  verified: Extract<Awaited<ReturnType<typeof verifyLti13Launch>>, { kind: 'verified' }>,
): Promise<Response> {
  const finished = await finishLti13ResourceLaunch(runtime, verified.registration, verified.view)
  await afterLaunch(runtime, finished)
  return answer(runtime, request, finished)
}
