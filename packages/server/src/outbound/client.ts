import {
  createOutboundFetch,
  type OutboundConnector,
  type OutboundFetch,
  type OutboundResolver,
} from '@ltihub/core'
import type { Config } from '../config/index.js'
import { LTIHUB_VERSION } from '../version.js'
import { nodeConnector } from './node-connector.js'
import { systemResolver } from './resolver.js'

/** The User-Agent of every request ltihub sends. */
export const USER_AGENT = `ltihub/${LTIHUB_VERSION}`

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Whether this instance may call loopback over http: a development instance (http PUBLIC_URL on
 * a loopback host, which the configuration refuses in production), so that a platform and a tool
 * on one machine reach each other. Never with an https PUBLIC_URL.
 */
export function allowsInsecureLoopback(config: Pick<Config, 'nodeEnv' | 'publicUrl'>): boolean {
  const url = new URL(config.publicUrl)
  return (
    config.nodeEnv !== 'production' && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  )
}

/** What tests replace: the resolver and the connector (so no test dials a real address). */
export interface OutboundTransport {
  readonly resolve: OutboundResolver
  readonly connect: OutboundConnector
}

/**
 * The server's one outbound client, built from the OUTBOUND_* settings. The composition root
 * builds it once and hands it to every feature, both roles' libraries included.
 */
export function createServerOutbound(
  config: Config,
  transport: Partial<OutboundTransport> = {},
): OutboundFetch {
  const { allow, ...limits } = config.outbound
  return createOutboundFetch({
    resolve: transport.resolve ?? systemResolver,
    connect: transport.connect ?? nodeConnector(),
    userAgent: USER_AGENT,
    policy: {
      allow,
      ...(allowsInsecureLoopback(config) ? { dangerouslyAllowInsecureLoopback: true } : {}),
    },
    limits,
  })
}
