import { isLtiError, UpstreamError } from './core.js'
import type { ToolRuntime } from './runtime.js'

/**
 * Sends a request to a platform; a network failure (DNS, refused connection, TLS) becomes a coded
 * `ERR_LTI_UPSTREAM_UNAVAILABLE` instead of a bare `TypeError`, so it reaches pages and logs with
 * a code, and so does a call abandoned at the runtime's `serviceTimeoutMs`. The target host is in
 * the private detail only.
 */
export async function fetchUpstream(runtime: ToolRuntime, request: Request): Promise<Response> {
  try {
    return await runtime.fetch(request)
  } catch (cause) {
    const target = `${request.method} ${new URL(request.url).origin}`
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError'
    throw new UpstreamError('ERR_LTI_UPSTREAM_UNAVAILABLE', {
      upstreamStatus: 0,
      retryable: true,
      cause,
      detail: timedOut
        ? `no answer from ${target} within ${runtime.serviceTimeoutMs} ms`
        : // The outbound client's code (ERR_OUTBOUND_*) stays readable in the log and outbox.
          `network error for ${target}: ${isLtiError(cause) ? `${cause.code} ` : ''}${String(cause)}`,
    })
  }
}
