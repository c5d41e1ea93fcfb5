/**
 * Outbound HTTP of the server: every request ltihub sends to another party (key sets, tokens,
 * grades, rosters, registrations, Test Connection, cartridges) goes through the one client built
 * here from the OUTBOUND_* settings (`context.outbound`). The policy and limits live in
 * `@ltihub/core` (`createOutboundFetch`); this folder adds Node's resolver and connector.
 * No production code calls the global `fetch` (a test checks it).
 * @see docs/operators/outbound-requests.md
 */
export {
  allowsInsecureLoopback,
  createServerOutbound,
  type OutboundTransport,
  USER_AGENT,
} from './client.js'
export { nodeConnector } from './node-connector.js'
export { systemResolver } from './resolver.js'
