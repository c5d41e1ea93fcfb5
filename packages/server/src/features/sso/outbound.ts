/**
 * How single sign-on reaches providers: the server's one outbound client (`ctx.outbound`), whose
 * address policy refuses internal addresses and plain http unless the operator allowed the host
 * (OUTBOUND_ALLOW) or the instance is a development one on an http localhost.
 */
import type { JobContext } from '../../context.js'
import type { SsoOutbound } from './provider-client.js'

export function ssoOutbound(ctx: Pick<JobContext, 'outbound'>): SsoOutbound {
  return { fetch: ctx.outbound }
}
