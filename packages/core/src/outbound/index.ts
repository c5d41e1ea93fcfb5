export { type AddressClass, type AddressKind, classifyAddress, isLoopbackName } from './address.js'
export {
  createOutboundFetch,
  DEFAULT_OUTBOUND_LIMITS,
  type OutboundClientOptions,
  type OutboundConnection,
  type OutboundConnector,
  type OutboundFetch,
  type OutboundLimits,
  type OutboundResolver,
  type ResolvedAddress,
} from './client.js'
export { outboundErrors } from './errors.js'
export { type OutboundPolicy, parseAllowList } from './policy.js'
export { unguardedFetch } from './unguarded.js'
