import type { JWK, JWTVerifyGetKey } from 'jose'

/** Asymmetric JWS algorithms ltihub signs and verifies with. LTI's baseline is RS256. */
export type SigningAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384'

/** The algorithms accepted when a registration says nothing else. Never taken from a token header. */
export const DEFAULT_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256']

/** A private key that signs, with the `kid` its public half is published under. */
export interface SigningKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly privateKey: CryptoKey
  /** The public JWK, with `kid`, `alg` and `use: "sig"`, as it appears in a JWKS. */
  readonly publicJwk: JWK
}

/**
 * Finds the key that verifies a token, from its protected header: a remote JWKS with a cache, a
 * local key set, or one static key. The same shape as jose's `JWTVerifyGetKey`.
 */
export type KeyResolver = JWTVerifyGetKey

/** A public JSON Web Key Set document. */
export interface JsonWebKeySet {
  readonly keys: readonly JWK[]
}
