export { mapJoseError, toLtiError } from './jose-errors.js'
export {
  createKeyRing,
  type KeyRing,
  type KeyRingInput,
  publicJwks,
  rotateKeyRing,
  type RotateOptions,
  signingKeyOf,
} from './key-ring.js'
export { RemoteKeySets, type RemoteKeySetsOptions } from './remote.js'
export { localKeyResolver, staticKeyResolver } from './resolvers.js'
export {
  type ExportedSigningKey,
  exportSigningKey,
  generateSigningKey,
  type GenerateSigningKeyOptions,
  importSigningKey,
} from './signing-key.js'
export {
  DEFAULT_ALGORITHMS,
  type JsonWebKeySet,
  type KeyResolver,
  type SigningAlgorithm,
  type SigningKey,
} from './types.js'
