/**
 * What {@link createLtiPlatform} needs: `storage`, the platform's own records (any database, through
 * the ports of `ports.ts`), and `lms`, the narrow view of the integrator's LMS (who is signed in,
 * people, courses, rosters, assignments, and the grade book scores go to).
 */
import type { Clock, NonceStore } from '../internal/core.js'
import type { PlatformInstance } from '../config.js'
import type { ContentItemResult, DeepLinkingResult } from '../deep-linking/index.js'
import type { LtiError } from '../internal/core.js'
import type { PlatformError } from '../errors.js'
import type {
  ConnectionStore,
  DeepLinkingSessionStore,
  EmbeddedContentStore,
  GradeEntry,
  GradeWrite,
  LaunchIntentStore,
  LineItemStore,
  LmsDirectory,
  PlatformKeyProvider,
  RegistrationTokenStore,
  ResourceLinkStore,
  ResultStore,
  SourcedIdStore,
} from '../ports.js'

/**
 * The platform's persistent records: registered tools, signing keys, placed links, line items and
 * results, and the single-use values of launches. `@ltihub/kysely` implements it on SQLite and
 * PostgreSQL; `@ltihub/platform/testing` has a memory one for tests.
 */
export interface PlatformStorage {
  /** Registered tools (LTI 1.3 registrations with deployments, LTI 1.1 keys). */
  readonly connections: ConnectionStore
  readonly resourceLinks: ResourceLinkStore
  readonly embeddedContent: EmbeddedContentStore
  readonly lineItems: LineItemStore
  readonly results: ResultStore
  readonly launchIntents: LaunchIntentStore
  readonly deepLinkingSessions: DeepLinkingSessionStore
  readonly sourcedIds: SourcedIdStore
  readonly registrationTokens: RegistrationTokenStore
  /** The platform's signing keys (id_tokens, JWKS). */
  readonly keys: PlatformKeyProvider
  /** Single-use values: id_token and deep linking nonces, client assertion jtis, OAuth 1 nonces. */
  readonly nonces: NonceStore
  /**
   * Runs `work` with every store bound to one transaction, committed when it resolves and rolled
   * back when it throws. Optional: without it, multi-record writes are not atomic together.
   */
  transaction?<T>(work: (storage: PlatformStorage) => Promise<T>): Promise<T>
}

/**
 * The integrator's LMS as the platform sees it. The directory methods read people, course
 * sections, enrolments and assignments; the grade book methods receive the scores tools send.
 */
export interface PlatformLms extends LmsDirectory {
  /**
   * The user signed in to the LMS in the browser sending `request` (read the app's session
   * cookie), or `undefined`. Asked by the launch pages and the authorization endpoint.
   */
  currentUserId(request: Request): Promise<string | undefined>
  /**
   * Writes a score to the grade book unless the stored one is strictly newer (then `'stale'`).
   * Atomic: check and write in one step.
   */
  writeGrade(entry: GradeWrite): Promise<'applied' | 'stale'>
  /** The grade book entry of (assignment, user), for LTI 1.1 `readResult`. */
  readGrade(assignmentId: string, userId: string): Promise<GradeEntry | undefined>
}

/** Where {@link createLtiPlatform} reports refused and failed requests (for logs). */
export interface PlatformEvent {
  readonly endpoint: string
  readonly status: number
  readonly code: string
  /** Private detail: log it, never show it. */
  readonly detail?: string
  readonly error?: LtiError | PlatformError | unknown
}

export interface LtiPlatformOptions {
  /**
   * Where the router is reachable, e.g. `https://lms.example.com/lti`: every endpoint lives under
   * this path, and it is the issuer (`iss`) unless {@link issuer} is given. Tools store the issuer
   * with their registration, so it must not change once tools are registered.
   */
  readonly publicUrl: string
  readonly storage: PlatformStorage
  readonly lms: PlatformLms
  /** The platform issuer; default: `publicUrl` without a trailing slash. */
  readonly issuer?: string
  /**
   * At least 32 characters, kept secret and the same in every process: access tokens and launch
   * hints are signed with keys derived from it. Default: random per process, so a restart ends
   * the launches in progress and the tools' access tokens (they simply ask again).
   */
  readonly secret?: string
  /** The platform as the `tool_platform` claim describes it. Default: named after the host. */
  readonly instance?: Partial<PlatformInstance>
  /** Lifetimes; defaults in `DEFAULT_LIFETIMES`. */
  readonly launchIntentTtlMs?: number
  readonly idTokenTtlSeconds?: number
  readonly deepLinkingTtlMs?: number
  readonly registrationTokenTtlSeconds?: number
  /** Outbound HTTP (tools' key sets); default the global `fetch`. */
  readonly fetch?: typeof fetch
  readonly clock?: Clock
  /**
   * The answer to a launch page opened without an LMS session, e.g. a redirect to the sign-in
   * page. Default: a 401 page.
   */
  readonly signIn?: (request: Request) => Response | Promise<Response>
  /**
   * The answer to a completed deep linking return, e.g. a redirect back to the course page.
   * Default: a page saying how many items were added, with the tool's message.
   */
  readonly onDeepLinkingReturn?: (
    result: DeepLinkingResult,
    request: Request,
  ) => Response | Promise<Response>
  /** The answer to a completed Content-Item return (LTI 1.1 tools); default a page like it. */
  readonly onContentItemReturn?: (
    result: ContentItemResult,
    request: Request,
  ) => Response | Promise<Response>
  /** Told about every refused or failed request; the response is already decided. */
  readonly onEvent?: (event: PlatformEvent) => void
  /**
   * @deprecated Local development only: http on loopback hosts where https is required (the
   * launch binding cookie, Dynamic Registration). Never set it in production.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean
}
