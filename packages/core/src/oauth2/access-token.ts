import { jwtVerify, SignJWT } from 'jose'
import { z } from 'zod'
import { LtiError } from '../errors/lti-error.js'
import { epochSeconds, systemClock, type Clock } from '../internal/clock.js'
import { randomId } from '../internal/random.js'
import { toLtiError } from '../keys/jose-errors.js'
import { formatScope, parseScope } from './scope.js'

/** Options of {@link AccessTokenIssuer}. */
export interface AccessTokenIssuerOptions {
  /**
   * At least 32 random bytes, used for nothing else. A purpose-bound key is derived from it with
   * HKDF, so this secret never signs anything directly (house style §15: keys separated by purpose).
   */
  readonly secret: Uint8Array
  /** `iss` and `aud` of the tokens: the platform's identity. Default `"ltihub"`. */
  readonly issuer?: string
  /** Token lifetime in seconds. Default 3600, the usual LTI value. */
  readonly lifetimeSeconds?: number
  readonly clock?: Clock
}

/** What to issue a token for. */
export interface AccessTokenRequest {
  readonly clientId: string
  readonly scopes: readonly string[]
  /** The platform's registration the token belongs to, carried so services skip a look-up. */
  readonly registrationId?: string
}

/** A freshly issued token, ready for a token response. */
export interface IssuedAccessToken {
  readonly accessToken: string
  readonly expiresIn: number
  /** Epoch milliseconds. */
  readonly expiresAt: number
  readonly scopes: readonly string[]
}

/** What a verified access token grants. */
export interface AccessTokenGrant {
  readonly clientId: string
  readonly scopes: readonly string[]
  readonly registrationId?: string
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

const TOKEN_TYPE = 'at+jwt'
/** Verified tokens remembered (a tool reuses one token for a burst of scores); oldest go first. */
const VERIFIED_CAPACITY = 1024
const MAX_TOKEN_LENGTH = 8192
const HKDF_INFO = 'ltihub oauth2 access token HS256 v1'

const claimsSchema = z.object({
  client_id: z.string().min(1),
  scope: z.string(),
  exp: z.number(),
  registration: z.string().min(1).optional(),
})

async function deriveKey(secret: Uint8Array): Promise<CryptoKey> {
  const master = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
    'deriveKey',
  ])
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(32),
      info: new TextEncoder().encode(HKDF_INFO),
    },
    master,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  )
}

/**
 * Issues and verifies the short-lived bearer tokens the platform's LTI Advantage services accept.
 * Tokens are JWTs (RFC 9068 `at+jwt`) MACed with HS256 under a key derived from a dedicated
 * secret, so a service verifies them without a database round trip. `verify` pins the algorithm,
 * the type, the issuer and the audience.
 *
 * @example
 * const issuer = new AccessTokenIssuer({ secret: AccessTokenIssuer.generateSecret() })
 * const { accessToken } = await issuer.issue({ clientId, scopes: [SCOPE.score] })
 * const grant = await issuer.verify(accessToken)
 * @see https://www.rfc-editor.org/rfc/rfc9068
 */
export class AccessTokenIssuer {
  readonly #key: Promise<CryptoKey>
  readonly #issuer: string
  readonly #lifetimeSeconds: number
  readonly #clock: Clock
  /** Tokens that passed `verify`, by their text: only expiry can change their answer. */
  readonly #verified = new Map<string, AccessTokenGrant>()

  constructor(options: AccessTokenIssuerOptions) {
    if (!(options.secret instanceof Uint8Array) || options.secret.byteLength < 32) {
      throw new TypeError('the access token secret must be at least 32 random bytes')
    }
    const lifetime = options.lifetimeSeconds ?? 3600
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 86_400) {
      throw new TypeError('lifetimeSeconds must be an integer from 1 to 86400')
    }
    this.#key = deriveKey(options.secret)
    this.#issuer = options.issuer ?? 'ltihub'
    this.#lifetimeSeconds = lifetime
    this.#clock = options.clock ?? systemClock
  }

  /** 32 bytes from the CSPRNG, for configuration. */
  static generateSecret(): Uint8Array {
    return crypto.getRandomValues(new Uint8Array(32))
  }

  /** Issues a bearer token for `clientId` with `scopes`. */
  async issue(request: AccessTokenRequest): Promise<IssuedAccessToken> {
    if (request.clientId === '') throw new TypeError('clientId must not be empty')
    const now = epochSeconds(this.#clock)
    const exp = now + this.#lifetimeSeconds
    const registration = request.registrationId
    const accessToken = await new SignJWT({
      client_id: request.clientId,
      scope: formatScope(request.scopes),
      ...(registration === undefined ? {} : { registration }),
    })
      .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
      .setIssuer(this.#issuer)
      .setAudience(this.#issuer)
      .setSubject(request.clientId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomId(16))
      .sign(await this.#key)
    const scopes = [...new Set(request.scopes)]
    return { accessToken, expiresIn: this.#lifetimeSeconds, expiresAt: exp * 1000, scopes }
  }

  /**
   * Verifies a bearer token issued by this issuer. Any failure (tampering, expiry, another
   * issuer's token, a token of another type) is `ERR_LTI_ACCESS_TOKEN_INVALID`; the reason is in
   * the private `detail`. A token verified before answers from memory until it expires: its
   * signature and claims cannot have changed, so only the clock is checked again.
   */
  async verify(token: string): Promise<AccessTokenGrant> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'empty or oversize token' })
    }
    const known = this.#verified.get(token)
    if (known !== undefined) {
      if (known.expiresAt > this.#clock()) return known
      this.#verified.delete(token)
    }
    const grant = await this.#verifySignedToken(token)
    if (this.#verified.size >= VERIFIED_CAPACITY) {
      const oldest = this.#verified.keys().next()
      if (oldest.done !== true) this.#verified.delete(oldest.value)
    }
    this.#verified.set(token, grant)
    return grant
  }

  async #verifySignedToken(token: string): Promise<AccessTokenGrant> {
    let payload: unknown
    try {
      ;({ payload } = await jwtVerify(token, await this.#key, {
        algorithms: ['HS256'],
        typ: TOKEN_TYPE,
        issuer: this.#issuer,
        audience: this.#issuer,
        requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'scope'],
        currentDate: new Date(this.#clock()),
      }))
    } catch (error) {
      const cause = toLtiError(error)
      throw new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: cause.code, cause })
    }
    return grantOf(payload)
  }
}

function grantOf(payload: unknown): AccessTokenGrant {
  const parsed = claimsSchema.safeParse(payload)
  if (!parsed.success) {
    throw new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'unexpected claims' })
  }
  const { client_id: clientId, scope, exp, registration } = parsed.data
  return {
    clientId,
    scopes: parseScope(scope),
    ...(registration === undefined ? {} : { registrationId: registration }),
    expiresAt: exp * 1000,
  }
}
