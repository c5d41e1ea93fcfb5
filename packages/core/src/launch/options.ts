import type { MessageType } from '../claims/uris.js'
import { type Clock, systemClock } from '../internal/clock.js'
import { DEFAULT_ALGORITHMS, type KeyResolver, type SigningAlgorithm } from '../keys/types.js'
import type { NonceStore } from '../ports.js'

/** Options of `verifyIdToken`: the registration the launch must match, stores and policy. */
export interface VerifyIdTokenOptions {
  /** The platform's keys (remote JWKS with cache, local key set, or one key). */
  readonly keys: KeyResolver
  /** The registration's issuer; compared exactly (case-sensitive, no normalisation). */
  readonly issuer: string
  /** The tool's client_id on that platform; `aud` must contain it. */
  readonly clientId: string
  /** Accepted signature algorithms. Never taken from the token header. Default `['RS256']`. */
  readonly algorithms?: readonly SigningAlgorithm[]
  /** Allowed clock skew for `exp`, `iat` and `nbf`. Default 60 s. */
  readonly clockToleranceSeconds?: number
  /** Oldest accepted `iat`. Default 300 s. */
  readonly maxAgeSeconds?: number
  /** Records nonces for single use (atomic `consume`). */
  readonly nonceStore: NonceStore
  /** Whether the tool accepts a `deployment_id` for this registration. */
  readonly isDeploymentAccepted: (deploymentId: string) => boolean | Promise<boolean>
  /** Message types this endpoint handles. Default: every launch type ltihub knows. */
  readonly expectedMessageTypes?: readonly MessageType[]
  /** The `target_link_uri` of the login initiation; the claim must equal it. */
  readonly expectedTargetLinkUri?: string
  /** The nonce this browser sent in its authentication request, when the tool bound one. */
  readonly expectedNonce?: string
  /** Audiences besides `clientId` this tool trusts in a multi-valued `aud`. Default none. */
  readonly trustedAudiences?: readonly string[]
  /**
   * Accept resource link launches without `sub` (CORE §5.3.6 anonymous launches). Default false,
   * as the certification suite expects ("user Claim Missing" must be rejected).
   */
  readonly allowAnonymousLaunches?: boolean
  /** Longest accepted id_token, in characters. Default 64 KiB. */
  readonly maxTokenLength?: number
  readonly clock?: Clock
}

export interface ResolvedVerifyOptions {
  readonly keys: KeyResolver
  readonly issuer: string
  readonly clientId: string
  readonly algorithms: readonly SigningAlgorithm[]
  readonly clockToleranceSeconds: number
  readonly maxAgeSeconds: number
  readonly nonceStore: NonceStore
  readonly isDeploymentAccepted: (deploymentId: string) => boolean | Promise<boolean>
  readonly expectedMessageTypes: readonly MessageType[] | undefined
  readonly expectedTargetLinkUri: string | undefined
  readonly expectedNonce: string | undefined
  readonly trustedAudiences: readonly string[]
  readonly allowAnonymousLaunches: boolean
  readonly maxTokenLength: number
  readonly clock: Clock
}

/** Asymmetric algorithms only: an HMAC "key" would be the public key (algorithm confusion). */
const ASYMMETRIC: ReadonlySet<string> = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
])

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`verifyIdToken: ${name} must be a non-negative number`)
  }
  return value
}

/** Fills defaults and refuses misconfiguration with a `TypeError` (misuse, not bad input). */
export function resolveVerifyOptions(options: VerifyIdTokenOptions): ResolvedVerifyOptions {
  if (options.issuer === '') throw new TypeError('verifyIdToken: issuer is empty')
  if (options.clientId === '') throw new TypeError('verifyIdToken: clientId is empty')
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS
  if (algorithms.length === 0 || algorithms.some((alg) => !ASYMMETRIC.has(alg))) {
    throw new TypeError('verifyIdToken: algorithms must list asymmetric JWS algorithms')
  }
  return {
    keys: options.keys,
    issuer: options.issuer,
    clientId: options.clientId,
    algorithms,
    clockToleranceSeconds: nonNegative(
      'clockToleranceSeconds',
      options.clockToleranceSeconds ?? 60,
    ),
    maxAgeSeconds: nonNegative('maxAgeSeconds', options.maxAgeSeconds ?? 300),
    nonceStore: options.nonceStore,
    isDeploymentAccepted: options.isDeploymentAccepted,
    expectedMessageTypes: options.expectedMessageTypes,
    expectedTargetLinkUri: options.expectedTargetLinkUri,
    expectedNonce: options.expectedNonce,
    trustedAudiences: options.trustedAudiences ?? [],
    allowAnonymousLaunches: options.allowAnonymousLaunches ?? false,
    maxTokenLength: nonNegative('maxTokenLength', options.maxTokenLength ?? 64 * 1024),
    clock: options.clock ?? systemClock,
  }
}
