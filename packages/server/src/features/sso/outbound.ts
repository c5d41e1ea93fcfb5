/**
 * How single sign-on reaches providers. Until the server has one outbound client for every
 * feature (issue 9), this uses the address-checked fetch the tool's registration already uses:
 * public addresses only, loopback only for a development instance on an http localhost.
 */
import type { JobContext } from '../../context.js'
import { publicOnlyFetch } from '../tool-lti/outbound.js'
import type { SsoOutbound } from './provider-client.js'

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

export function ssoOutbound(ctx: JobContext): SsoOutbound {
  const publicUrl = new URL(ctx.config.publicUrl)
  const devLoopback =
    ctx.config.nodeEnv !== 'production' &&
    publicUrl.protocol === 'http:' &&
    LOOPBACK.test(publicUrl.hostname)
  return {
    fetch: publicOnlyFetch({ allowLoopback: devLoopback }),
    allowsHttp: (url) => devLoopback && LOOPBACK.test(url.hostname),
  }
}
