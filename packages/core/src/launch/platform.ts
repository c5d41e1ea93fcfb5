import { SignJWT } from 'jose'
import {
  type LaunchMessageOf,
  type LaunchMessageType,
  ltiLaunchMessageSchema,
} from '../claims/messages.js'
import { CLAIM, LTI_VERSION } from '../claims/uris.js'
import { type Clock, epochSeconds, systemClock } from '../internal/clock.js'
import type { SigningKey } from '../keys/types.js'

/** Claims the platform sets from `buildIdToken`'s options, never from `message`. */
type PlatformSetClaim =
  | 'iss'
  | 'aud'
  | 'azp'
  | 'sub'
  | 'exp'
  | 'iat'
  | 'nbf'
  | 'nonce'
  | typeof CLAIM.version
  | typeof CLAIM.deploymentId

/** The declared claims of a message type, without the index signature that keeps unknown claims. */
type DeclaredClaims<T> = { [K in keyof T as string extends K ? never : K]: T[K] }

/**
 * The claims of one launch message that the caller supplies: the message type, its required claims
 * (for example `resource_link` and `roles`) and any optional, profile or vendor claims.
 */
export type LaunchMessageClaims<T extends LaunchMessageType = LaunchMessageType> =
  T extends LaunchMessageType
    ? Omit<DeclaredClaims<LaunchMessageOf<T>>, PlatformSetClaim> & {
        readonly [claim: string]: unknown
      }
    : never

export interface BuildIdTokenOptions<T extends LaunchMessageType = LaunchMessageType> {
  readonly signingKey: SigningKey
  /** The platform issuer (https URL). */
  readonly issuer: string
  /** The tool's client_id: the token's `aud` (a single string) and `azp`. */
  readonly clientId: string
  readonly deploymentId: string
  /** The nonce of the tool's authentication request. */
  readonly nonce: string
  readonly message: LaunchMessageClaims<T>
  /** The user's stable id (`sub`); omit only for an anonymous launch. */
  readonly subject?: string
  readonly clock?: Clock
  /** Token lifetime. Default 300 s; the tool refuses tokens older than its own window anyway. */
  readonly lifetimeSeconds?: number
}

function invalidMessage(detail: string): TypeError {
  return new TypeError(`buildIdToken: the message is not a valid LTI launch: ${detail}`)
}

/**
 * Platform side: signs an LTI 1.3 launch message as an id_token. The result is validated against
 * the schema of its message type before signing, so a platform cannot send a launch its own tool
 * side would reject. Header: `alg` and `kid` of the signing key, `typ: JWT`.
 *
 * @example
 * const idToken = await buildIdToken({
 *   signingKey, issuer, clientId, deploymentId, nonce: auth.nonce, subject: user.id,
 *   message: {
 *     [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
 *     [CLAIM.targetLinkUri]: link.url,
 *     [CLAIM.resourceLink]: { id: link.id },
 *     [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
 *   },
 * })
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export async function buildIdToken<T extends LaunchMessageType>(
  options: BuildIdTokenOptions<T>,
): Promise<string> {
  const lifetime = options.lifetimeSeconds ?? 300
  if (!Number.isInteger(lifetime) || lifetime <= 0) {
    throw new TypeError('buildIdToken: lifetimeSeconds must be a positive integer')
  }
  const iat = epochSeconds(options.clock ?? systemClock)
  const payload: Record<string, unknown> = {
    ...options.message,
    iss: options.issuer,
    aud: options.clientId,
    // azp names the party the token is for; tools that check it find their own client_id.
    azp: options.clientId,
    ...(options.subject === undefined ? {} : { sub: options.subject }),
    iat,
    exp: iat + lifetime,
    nonce: options.nonce,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: options.deploymentId,
  }
  const checked = ltiLaunchMessageSchema.safeParse(payload)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw invalidMessage(
      issue === undefined ? 'unknown' : `${issue.path.join('.')}: ${issue.message}`,
    )
  }
  const { kid, alg, privateKey } = options.signingKey
  return new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey)
}
