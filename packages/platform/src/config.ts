/**
 * What the platform layer needs from its host: settings (issuer, URLs, lifetimes) and the ports.
 * The host builds one {@link PlatformDeps} at start-up and passes it to every handler.
 */
import type { AccessTokenIssuer, Clock, NonceStore, RemoteKeySets } from './internal/core.js'
import type {
  ConnectionStore,
  DeepLinkingSessionStore,
  EmbeddedContentStore,
  GradeBook,
  LaunchIntentStore,
  LineItemStore,
  LmsDirectory,
  PlatformKeyProvider,
  RegistrationTokenStore,
  ResourceLinkStore,
  ResultStore,
  SourcedIdStore,
} from './ports.js'

/**
 * The URLs of the platform's LTI endpoints. The host routes them to the handlers of this package
 * and passes the route parameters (`contextId`, `lineItemId`, `sessionId`) to them.
 */
export interface PlatformEndpoints {
  /** OIDC authorization endpoint (GET and POST): {@link handleAuthenticationRequest}. */
  readonly authorization: string
  readonly token: string
  readonly jwks: string
  readonly openidConfiguration: string
  readonly registration: string
  /** LTI 1.1 Basic Outcomes (`lis_outcome_service_url`). */
  readonly outcomes: string
  /** Deep linking return URL of one session. */
  deepLinkingReturn(sessionId: string): string
  /** Content-Item return URL of one session (LTI 1.1 tools). */
  contentItemReturn(sessionId: string): string
  /** AGS line item container of a context. */
  lineItems(contextId: string): string
  /** One AGS line item; `/scores` and `/results` are appended to its path. */
  lineItem(contextId: string, lineItemId: string): string
  /** NRPS membership container of a context. */
  memberships(contextId: string): string
}

/**
 * The standard route layout under `baseUrl` (e.g. `https://lms.example.com`):
 * `/lti/authorize`, `/lti/token`, `/lti/jwks`, `/.well-known/openid-configuration`,
 * `/lti/register`, `/lti/outcomes`, `/lti/deep-linking/:sessionId`, `/lti/content-item/:sessionId`,
 * `/lti/contexts/:contextId/lineitems[/:lineItemId[/scores|/results]]`,
 * `/lti/contexts/:contextId/memberships`. Path parameters are percent-encoded.
 */
export function standardEndpoints(baseUrl: string): PlatformEndpoints {
  const base = new URL(baseUrl)
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError('baseUrl must be an http(s) URL')
  }
  const root = base.href.replace(/\/+$/, '')
  const enc = encodeURIComponent
  return {
    authorization: `${root}/lti/authorize`,
    token: `${root}/lti/token`,
    jwks: `${root}/lti/jwks`,
    openidConfiguration: `${root}/.well-known/openid-configuration`,
    registration: `${root}/lti/register`,
    outcomes: `${root}/lti/outcomes`,
    deepLinkingReturn: (sessionId) => `${root}/lti/deep-linking/${enc(sessionId)}`,
    contentItemReturn: (sessionId) => `${root}/lti/content-item/${enc(sessionId)}`,
    lineItems: (contextId) => `${root}/lti/contexts/${enc(contextId)}/lineitems`,
    lineItem: (contextId, lineItemId) =>
      `${root}/lti/contexts/${enc(contextId)}/lineitems/${enc(lineItemId)}`,
    memberships: (contextId) => `${root}/lti/contexts/${enc(contextId)}/memberships`,
  }
}

/** The platform instance, as the `tool_platform` claim and LTI 1.1 `tool_consumer_*` describe it. */
export interface PlatformInstance {
  /** Stable unique id of this platform instance (at most 255 characters). */
  readonly guid: string
  readonly name: string
  readonly productFamilyCode: string
  readonly version: string
  readonly contactEmail?: string
  readonly url?: string
  readonly description?: string
}

export interface PlatformSettings {
  /** The platform issuer (`iss`): an https URL without query or fragment. */
  readonly issuer: string
  readonly endpoints: PlatformEndpoints
  readonly instance: PlatformInstance
  /** Lifetime of a launch intent (`lti_message_hint`). Default 5 minutes. */
  readonly launchIntentTtlMs?: number
  /** Lifetime of an id_token. Default 5 minutes. */
  readonly idTokenTtlSeconds?: number
  /** Lifetime of a deep linking session. Default 1 hour. */
  readonly deepLinkingTtlMs?: number
  /** Lifetime of a Dynamic Registration token. Default 1 hour. */
  readonly registrationTokenTtlSeconds?: number
  /**
   * @deprecated Local development only: accepts `http://` on loopback hosts (`localhost`,
   * `127.0.0.1`, `[::1]`) where https is otherwise required: this platform's Dynamic Registration
   * endpoints, tools' registration URLs and registered URLs, and the URLs Test Connection calls.
   * Never set it in production.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean
}

/** Everything the handlers use. Build it once; every member is a port or a setting. */
export interface PlatformDeps {
  readonly settings: PlatformSettings
  readonly clock: Clock
  readonly directory: LmsDirectory
  readonly resourceLinks: ResourceLinkStore
  readonly embeddedContent: EmbeddedContentStore
  readonly lineItems: LineItemStore
  readonly results: ResultStore
  readonly gradeBook: GradeBook
  readonly connections: ConnectionStore
  readonly launchIntents: LaunchIntentStore
  readonly deepLinkingSessions: DeepLinkingSessionStore
  readonly sourcedIds: SourcedIdStore
  readonly registrationTokens: RegistrationTokenStore
  readonly keys: PlatformKeyProvider
  /** Single-use values: id_token nonces, DL response nonces, client assertion jtis, OAuth 1 nonces. */
  readonly nonces: NonceStore
  /** Issues and verifies the bearer tokens of AGS and NRPS (its secret is used for nothing else). */
  readonly accessTokens: AccessTokenIssuer
  /**
   * Signs `lti_message_hint` values (HMAC-SHA256, at least 32 random bytes, used for nothing
   * else). Rotating it invalidates the launches in progress only.
   */
  readonly launchHintSecret: Uint8Array
  /** Cache of tools' JWKS (one per process). */
  readonly toolKeySets: RemoteKeySets
  /** Outbound HTTP (Test Connection); tests inject one. Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
}

/** Defaults of the optional settings, in one place. */
export const DEFAULT_LIFETIMES = {
  launchIntentTtlMs: 5 * 60_000,
  idTokenTtlSeconds: 5 * 60,
  deepLinkingTtlMs: 60 * 60_000,
  registrationTokenTtlSeconds: 60 * 60,
} as const

/** A lifetime setting with its default applied. */
export function lifetime(settings: PlatformSettings, name: keyof typeof DEFAULT_LIFETIMES): number {
  return settings[name] ?? DEFAULT_LIFETIMES[name]
}
