import type { IncomingMessage } from 'node:http'
import type { ServerErrorCode } from './errors.js'

/*
 * The request line's target, read before routing. Clients send a path (`POST /platform/token`);
 * one talking to a proxy sends an absolute URL (`POST http://host/platform/token`). RFC 9112
 * §3.2.2 has an origin server accept that form, taking the host from it: ours is served by its
 * path, another host's is refused with 421 (never routed, never joined to PUBLIC_URL as text).
 */

const refused = new WeakMap<IncomingMessage, ServerErrorCode>()

/** Fastify's `rewriteUrl`: the path and query of any target; notes targets to refuse. */
export function requestTargetRewriter(publicUrl: string): (request: IncomingMessage) => string {
  const ownHost = new URL(publicUrl).host
  return (request) => {
    const target = request.url ?? '/'
    if (target.startsWith('/') || target === '*') return target
    const url = URL.canParse(target) ? new URL(target) : undefined
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      refused.set(request, 'ERR_LTIHUB_BAD_REQUEST_TARGET')
      return '/'
    }
    if (url.host !== ownHost) refused.set(request, 'ERR_LTIHUB_MISDIRECTED_REQUEST')
    return `${url.pathname}${url.search}`
  }
}

/** The refusal noted for this request's target, if any. */
export function refusedTarget(request: IncomingMessage): ServerErrorCode | undefined {
  return refused.get(request)
}
