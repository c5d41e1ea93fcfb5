/**
 * Type-level tests: AGS scores require their fields and use the spec's progress literals; key
 * resolvers fit wherever a `KeyResolver` is expected; access-token grants carry scopes.
 */
import {
  type ActivityProgress,
  createKeyRing,
  generateSigningKey,
  type GradingProgress,
  type JsonWebKeySet,
  type KeyResolver,
  localKeyResolver,
  publicJwks,
  type Score,
  SCOPE,
  type Scope,
  type SigningAlgorithm,
  staticKeyResolver,
  type VerifyDeepLinkingResponseOptions,
  type VerifyIdTokenOptions,
} from '../index.js'
import { assertType, type Equals } from './equals.js'

assertType<
  Equals<ActivityProgress, 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed'>
>()
assertType<
  Equals<GradingProgress, 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady'>
>()
assertType<Equals<Score['userId'], string>>()
assertType<Equals<Score['timestamp'], string>>()
assertType<Equals<Score['activityProgress'], ActivityProgress>>()
assertType<Equals<SigningAlgorithm, 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384'>>()
assertType<Equals<(typeof SCOPE)['score'], 'https://purl.imsglobal.org/spec/lti-ags/scope/score'>>()
assertType<Equals<(typeof SCOPE)[keyof typeof SCOPE], Scope>>()
export const scoreScope: Scope = SCOPE.score

export const full: Score = {
  userId: 'user-1',
  scoreGiven: 83,
  scoreMaximum: 100,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: '2025-01-15T12:00:00.000Z',
}

// @ts-expect-error userId, timestamp, activityProgress and gradingProgress are required
export const empty: Score = { scoreGiven: 1, scoreMaximum: 1 }

export const noTimestamp: Score = {
  userId: 'user-1',
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  // @ts-expect-error timestamp is a string (ISO 8601), not a Date
  timestamp: new Date(),
}

export const badProgress: Score = {
  userId: 'user-1',
  timestamp: '2025-01-15T12:00:00.000Z',
  // @ts-expect-error progress values are the spec's literals (exact case)
  activityProgress: 'completed',
  gradingProgress: 'FullyGraded',
}

export async function resolvers(jwks: JsonWebKeySet): Promise<KeyResolver[]> {
  const ring = createKeyRing({ current: await generateSigningKey() })
  const fromRing: KeyResolver = localKeyResolver(publicJwks(ring))
  const fromKeySet: KeyResolver = localKeyResolver(jwks)
  const fromPem: KeyResolver = staticKeyResolver('-----BEGIN PUBLIC KEY-----\n...')
  // Every verifier's `keys` option takes any of them.
  const launchKeys: VerifyIdTokenOptions['keys'] = fromRing
  const deepLinkingKeys: VerifyDeepLinkingResponseOptions['keys'] = fromPem
  // @ts-expect-error a key set is not a resolver: wrap it with localKeyResolver
  const unwrapped: KeyResolver = jwks
  return [fromKeySet, launchKeys, deepLinkingKeys, unwrapped]
}

export const algorithms: VerifyIdTokenOptions['algorithms'] = ['RS256', 'ES256']
// @ts-expect-error HS256 is not a signing algorithm ltihub accepts (algorithm confusion)
export const hmac: VerifyIdTokenOptions['algorithms'] = ['HS256']
