/**
 * The ports through which the platform layer reaches the LMS. Each is small and structural, so any
 * TypeScript LMS can plug in its own data: implement these interfaces over your tables (the server
 * does it in SQL; `src/testing/` has memory versions). The platform layer never imports a database.
 *
 * Conventions: ids are opaque strings; `undefined` means "not found"; times that only the platform
 * compares are epoch milliseconds; times that travel on the wire keep their ISO 8601 text as well.
 * Replay-sensitive and order-sensitive writes (`consume`, `applyScore`, `write`) are atomic: they
 * check and write in one operation, never a look-up followed by an insert.
 */
import type { KeyRing, MessageType, Scope } from './internal/core.js'

// ---------------------------------------------------------------------------------------------
// LMS data: users, course sections, enrolments, assignments, resource links
// ---------------------------------------------------------------------------------------------

/** The kind of account in the district's school model. */
export type UserKind = 'admin' | 'teacher' | 'student' | 'parent'

/** A person of the LMS. Profile fields are optional; privacy settings decide what a tool sees. */
export interface LmsUser {
  /** Stable, never reassigned; becomes the LTI `sub` / `user_id` (at most 255 ASCII characters). */
  readonly id: string
  readonly kind: UserKind
  readonly givenName?: string
  readonly familyName?: string
  readonly middleName?: string
  readonly fullName?: string
  readonly email?: string
  /** BCP 47 language tag, e.g. `en-US`. */
  readonly locale?: string
  readonly pictureUrl?: string
  readonly username?: string
  /** SIS identifier (`lis.person_sourcedid`). */
  readonly sourcedId?: string
  /** The LTI 1.1 `user_id` this user had, when it differs from `id` (migration). */
  readonly lti11UserId?: string
  /** Schools the user belongs to. */
  readonly schoolIds: readonly string[]
  /** Parents: the students they are linked to (they launch as their Mentor). Empty otherwise. */
  readonly menteeIds: readonly string[]
  /** The "External Learning Tools" tool right: lets a teacher add LTI content to a course. */
  readonly canUseExternalTools: boolean
}

/**
 * A course section: the LTI context. `history` lists the sections this one was copied from, most
 * recent first, for `$Context.id.history`.
 */
export interface LmsContext {
  readonly id: string
  readonly schoolId: string
  readonly title: string
  readonly label?: string
  /** SIS identifiers for the `lis` claim. */
  readonly courseSourcedId?: string
  readonly sectionSourcedId?: string
  /** Ids of the contexts this one was copied from, most recent first; empty if created fresh. */
  readonly history: readonly string[]
  /** ISO 8601 start and end of the term, for `$CourseSection.timeFrame.*`. */
  readonly startDateTime?: string
  readonly endDateTime?: string
}

/** A user's role in one course section. Parents are never enrolled: they reach courses as mentors. */
export type CourseRole = 'teacher' | 'assistant' | 'student'

/** One roster row. Users who never launched a tool are on the roster all the same. */
export interface Enrolment {
  readonly contextId: string
  readonly userId: string
  readonly role: CourseRole
  readonly status: 'active' | 'inactive'
}

/** One page of a roster query, with the user record joined. */
export interface RosterEntry extends Enrolment {
  readonly user: LmsUser
}

/** Paging by offset: `limit` rows starting at row `offset` of a stable order. */
export interface PageQuery {
  readonly offset: number
  readonly limit: number
}

/** How an assignment is scored. Only `points` assignments receive scores from tools. */
export type ScoringType = 'points' | 'marks' | 'rubric'

export interface Assignment {
  readonly id: string
  readonly contextId: string
  readonly title: string
  readonly scoringType: ScoringType
  /** Points possible; present for `points` assignments. */
  readonly pointsPossible?: number
}

/** Read access to the LMS school model. */
export interface LmsDirectory {
  getUser(userId: string): Promise<LmsUser | undefined>
  getContext(contextId: string): Promise<LmsContext | undefined>
  getEnrolment(contextId: string, userId: string): Promise<Enrolment | undefined>
  /**
   * The section roster in a stable order (by user id is fine), optionally only some roles,
   * `limit` rows from `offset`. Includes inactive enrolments; the caller reports their status.
   */
  listEnrolments(
    contextId: string,
    query: PageQuery & { readonly roles?: readonly CourseRole[] },
  ): Promise<readonly RosterEntry[]>
  getAssignment(assignmentId: string): Promise<Assignment | undefined>
}

/** Start/end window of a resource link (DL `available` / `submission`). ISO 8601 strings. */
export interface DateWindow {
  readonly startDateTime?: string
  readonly endDateTime?: string
}

/**
 * A placed LTI link (an assignment resource, or a link in a course). `history` lists the ids of the
 * links it was copied from, most recent first, for `$ResourceLink.id.history`.
 */
export interface ResourceLink {
  readonly id: string
  readonly contextId: string
  readonly connectionId: string
  readonly title: string
  readonly description?: string
  /** The launch URL when it differs from the registration's `target_link_uri` (DL `url`). */
  readonly url?: string
  /** The link's own custom parameters (DL `custom`); merged over the connection's. */
  readonly custom: Readonly<Record<string, string>>
  /** The assignment this resource is aligned with, if any. */
  readonly assignmentId?: string
  readonly history: readonly string[]
  readonly available?: DateWindow
  readonly submission?: DateWindow
}

/** What a deep linking return creates: a resource link, aligned with an assignment when given. */
export type NewResourceLink = Omit<ResourceLink, 'id' | 'history'>

export interface ResourceLinkStore {
  get(resourceLinkId: string): Promise<ResourceLink | undefined>
  create(link: NewResourceLink): Promise<ResourceLink>
}

/**
 * Content a tool returned for display inside an assignment (EMBEDDABLE CONTENT connections). The
 * `html` is the tool's UNTRUSTED markup: the LMS MUST sanitize it before rendering (DL §3.4.6).
 */
export type NewEmbeddedContent =
  | {
      readonly kind: 'image'
      readonly connectionId: string
      readonly contextId: string
      readonly assignmentId?: string
      readonly url: string
      readonly title?: string
      readonly text?: string
      readonly width?: number
      readonly height?: number
    }
  | {
      readonly kind: 'html'
      readonly connectionId: string
      readonly contextId: string
      readonly assignmentId?: string
      readonly untrustedHtml: string
      readonly title?: string
      readonly text?: string
    }

export interface EmbeddedContentStore {
  /** Stores the content and returns its id. */
  create(content: NewEmbeddedContent): Promise<string>
}

// ---------------------------------------------------------------------------------------------
// Grades: AGS line items and results, and the LMS grade book
// ---------------------------------------------------------------------------------------------

/** An AGS line item, owned by the connection that created it (or by the link's connection). */
export interface LineItem {
  readonly id: string
  readonly contextId: string
  readonly connectionId: string
  readonly label: string
  readonly scoreMaximum: number
  readonly resourceLinkId?: string
  readonly resourceId?: string
  readonly tag?: string
  readonly startDateTime?: string
  readonly endDateTime?: string
  readonly gradesReleased?: boolean
  /** The grade book assignment scores flow into: the resource link's assignment, if any. */
  readonly assignmentId?: string
  /** Tool extension members (full-URL keys), kept as received. */
  readonly extensions: Readonly<Record<string, unknown>>
}

export type NewLineItem = Omit<LineItem, 'id'>

/** Filters of a line item container query (AGS §3.2.1); all given filters must match. */
export interface LineItemQuery extends PageQuery {
  readonly contextId: string
  readonly connectionId: string
  readonly resourceLinkId?: string
  readonly resourceId?: string
  readonly tag?: string
}

export interface LineItemStore {
  get(lineItemId: string): Promise<LineItem | undefined>
  create(item: NewLineItem): Promise<LineItem>
  /** Replaces the stored item with the same id. */
  update(item: LineItem): Promise<void>
  /** Deletes the item and its results. */
  delete(lineItemId: string): Promise<void>
  /** Items of one connection in one context, in a stable order. */
  list(query: LineItemQuery): Promise<readonly LineItem[]>
}

export type ActivityProgress = 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed'
export type GradingProgress = 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady'

/** The last score a tool posted for (line item, user): raw values, so results rescale on read. */
export interface ScoreRecord {
  readonly lineItemId: string
  readonly userId: string
  /** Absent: the score was cleared. */
  readonly scoreGiven?: number
  readonly scoreMaximum?: number
  /** Absent: no comment (a blank one clears the stored comment). */
  readonly comment?: string
  readonly activityProgress: ActivityProgress
  readonly gradingProgress: GradingProgress
  readonly scoringUserId?: string
  /** The score's ISO 8601 `timestamp` as sent. */
  readonly timestamp: string
  /**
   * The same instant in nanoseconds since the epoch: the ordering key. Exact, since tools send
   * sub-millisecond timestamps and two of them must never compare equal by rounding.
   */
  readonly timestampNs: bigint
  /** When the learner started and submitted (kept or derived as AGS describes). */
  readonly startedAt?: string
  readonly submittedAt?: string
}

export interface ResultStore {
  /**
   * Atomically stores `score` unless the stored score for (line item, user) has a `timestampNs`
   * greater than or equal to it. Returns `'stale'` and changes nothing in that case (AGS: the
   * platform "MUST NOT update a result if the last timestamp on record is later than the incoming
   * score update"; an equal one the tool must never send, and ltihub refuses it as well).
   */
  applyScore(score: ScoreRecord): Promise<'applied' | 'stale'>
  get(lineItemId: string, userId: string): Promise<ScoreRecord | undefined>
  /** Scores of one line item in a stable order, optionally of one user. */
  list(
    lineItemId: string,
    query: PageQuery & { readonly userId?: string },
  ): Promise<readonly ScoreRecord[]>
}

/** A write to the grade book: points on an assignment's scale, or `null` to clear the score. */
export interface GradeWrite {
  readonly assignmentId: string
  readonly userId: string
  readonly points: number | null
  readonly pointsPossible: number
  readonly comment?: string
  /** Where the grade came from, for the grade book's audit trail. */
  readonly source: {
    readonly connectionId: string
    readonly protocol: 'ags' | 'basic-outcomes'
    readonly lineItemId?: string
  }
  /** When the score was given (ISO 8601) and the same in epoch ms. */
  readonly timestamp: string
  readonly timestampMs: number
}

export interface GradeEntry {
  readonly assignmentId: string
  readonly userId: string
  readonly points: number | null
  readonly pointsPossible: number
  readonly timestampMs: number
}

export interface GradeBook {
  /**
   * Atomically writes unless the stored entry is strictly newer (then `'stale'`, nothing changes).
   * An equal time overwrites: Basic Outcomes has no timestamps and uses the clock, so two
   * replaceResult calls within one millisecond both apply, the last one winning.
   */
  write(entry: GradeWrite): Promise<'applied' | 'stale'>
  read(assignmentId: string, userId: string): Promise<GradeEntry | undefined>
}

// ---------------------------------------------------------------------------------------------
// LTI configuration: connections, LTI 1.3 registrations and deployments, LTI 1.1 keys
// ---------------------------------------------------------------------------------------------

/** The connection types a district enables per connection (the lozenges of the console). */
export interface ConnectionFeatures {
  /** Listed in Learning Tools; content can be aligned to assignments. */
  readonly learningTool: boolean
  /** Scores flow back into the grade book (points assignments only). */
  readonly scorePassback: boolean
  /** Tool resources can be aligned with assignments (deep linking `ltiResourceLink`). */
  readonly assignmentResource: boolean
  /** Images and HTML from the tool can be embedded in an assignment (deep linking). */
  readonly embeddableContent: boolean
}

/** A deployment of a registration, covering some schools (at most one per school and provider). */
export interface Deployment {
  /** Immutable, at most 255 ASCII characters; sent as `deployment_id`. */
  readonly deploymentId: string
  readonly schoolIds: readonly string[]
}

/**
 * The LTI 1.3 side of a connection: the tool registered as (issuer, client_id), where `issuer` is
 * this platform's issuer.
 */
export interface Lti13Registration {
  readonly issuer: string
  readonly clientId: string
  /** The tool's OIDC login initiation URL. */
  readonly initiateLoginUri: string
  /** Registered redirect URIs; the auth request's `redirect_uri` must equal one exactly. */
  readonly redirectUris: readonly string[]
  /** Default launch URL. */
  readonly targetLinkUri: string
  /** Launch URL of deep linking requests, when it differs from `targetLinkUri`. */
  readonly deepLinkingUri?: string
  /** Where the tool publishes its keys... */
  readonly jwksUri?: string
  /** ...or its one public key, as a JWK, when it has no JWKS URL. */
  readonly publicJwk?: Readonly<Record<string, unknown>>
  /** Scopes the district allows this tool to obtain (a token never holds more). */
  readonly allowedScopes: readonly Scope[]
  readonly deployments: readonly Deployment[]
}

/** The LTI 1.1 side of a connection: consumer key and shared secret. */
export interface Lti11Credentials {
  readonly launchUrl: string
  readonly consumerKey: string
  /** Shared secret. Never logged, never sent. */
  readonly secret: string
}

/** Learning Tools list placement for the student and parent portals. */
export interface LearningToolsList {
  readonly student: boolean
  readonly parent: boolean
}

/**
 * A per-app connection of the district: LTI 1.1 key/secret and/or an LTI 1.3 registration, the
 * schools it is enabled for and its settings.
 */
export interface ToolConnection {
  readonly id: string
  readonly name: string
  /** `pending` registrations (Dynamic Registration) wait for an administrator's approval. */
  readonly status: 'active' | 'pending' | 'disabled'
  readonly schoolIds: readonly string[]
  readonly features: ConnectionFeatures
  readonly learningToolsList: LearningToolsList
  readonly privacy: { readonly sendName: boolean; readonly sendEmail: boolean }
  /** Advanced settings: custom parameters, values may hold `$Substitution.variables`. */
  readonly customParameters: Readonly<Record<string, string>>
  readonly lti11?: Lti11Credentials
  readonly lti13?: Lti13Registration
}

/** A registration received by Dynamic Registration, stored for approval. */
export interface PendingRegistration {
  readonly name: string
  readonly lti13: Omit<Lti13Registration, 'clientId' | 'deployments'>
  readonly customParameters: Readonly<Record<string, string>>
  /** Claims the tool asked for (`claims` of the tool configuration), e.g. `email`, `name`. */
  readonly requestedClaims: readonly string[]
  /** The tool's contacts and logo, for the administrator's review. */
  readonly contacts: readonly string[]
  readonly logoUri?: string
  /** The registration token's scope: the schools the administrator offered. */
  readonly schoolIds: readonly string[]
  /** The administrator who started the registration. */
  readonly requestedBy: string
}

export interface ConnectionStore {
  get(connectionId: string): Promise<ToolConnection | undefined>
  /** The connection whose LTI 1.3 registration is (issuer, clientId). */
  findByClientId(issuer: string, clientId: string): Promise<ToolConnection | undefined>
  /** The connection whose LTI 1.1 consumer key is `consumerKey`. */
  findByConsumerKey(consumerKey: string): Promise<ToolConnection | undefined>
  /**
   * Stores a Dynamic Registration as a `pending` connection with every feature off, assigns a new
   * client_id and one deployment covering `schoolIds`, and returns the stored connection.
   */
  createPending(registration: PendingRegistration): Promise<ToolConnection>
}

// ---------------------------------------------------------------------------------------------
// Launch state: intents (lti_message_hint), deep linking sessions, Basic Outcomes sourcedids
// ---------------------------------------------------------------------------------------------

/** Where the tool is shown. */
export type PresentationTarget = 'iframe' | 'window'

/** What a launch opens: a placed link, or the connection's entry in a Learning Tools list. */
export type LaunchTarget =
  | { readonly kind: 'resource-link'; readonly resourceLinkId: string }
  | {
      readonly kind: 'learning-tool'
      readonly connectionId: string
      readonly schoolId: string
      /** The course section the list is shown in, if any (teachers' course view). */
      readonly contextId?: string
    }

/**
 * A launch the platform started: the record behind an `lti_message_hint`. Short-lived and
 * single-use; binds the user, the connection, the target and the message type.
 */
export interface LaunchIntent {
  /** Random, unguessable; `lti_message_hint` carries it, signed with its expiry. */
  readonly id: string
  readonly userId: string
  readonly connectionId: string
  readonly clientId: string
  readonly deploymentId: string
  readonly messageType: MessageType
  /** For a deep linking request: a copy of the session the request opens. */
  readonly target:
    LaunchTarget | { readonly kind: 'deep-linking'; readonly session: DeepLinkingSession }
  readonly targetLinkUri: string
  readonly presentation: PresentationTarget
  readonly returnUrl?: string
  /** The `lti_storage_target` offered at login initiation, echoed in the auth response. */
  readonly storageTarget?: string
  /**
   * SHA-256 (base64url) of the browser-binding value of the browser that opened the launch page
   * (a host cookie); the authorization endpoint requires it back, or a session of the same user.
   */
  readonly browserBinding?: string
  readonly expiresAt: number
}

/** Single-use launch intents. */
export interface LaunchIntentStore {
  save(intent: LaunchIntent): Promise<void>
  /**
   * Atomically removes and returns the intent `id` when it exists and `expiresAt > now`; resolves
   * `undefined` otherwise (unknown, expired or already consumed). A second call never returns it.
   */
  consume(id: string, now: number): Promise<LaunchIntent | undefined>
}

/** A deep linking request in progress: what the platform offered and where items will go. */
export interface DeepLinkingSession {
  readonly id: string
  /** Random value sent as the settings `data` and required back in the response. */
  readonly data: string
  readonly userId: string
  readonly connectionId: string
  readonly clientId: string
  readonly deploymentId: string
  readonly contextId: string
  readonly assignmentId?: string
  readonly acceptTypes: readonly ('ltiResourceLink' | 'image' | 'html')[]
  readonly acceptMultiple: boolean
  readonly acceptLineItem: boolean
  readonly expiresAt: number
}

/** Single-use deep linking sessions (consumed by the return). */
export interface DeepLinkingSessionStore {
  save(session: DeepLinkingSession): Promise<void>
  /** Same contract as {@link LaunchIntentStore.consume}. */
  consume(id: string, now: number): Promise<DeepLinkingSession | undefined>
}

/** What an LTI 1.1 `lis_result_sourcedid` stands for. */
export interface SourcedIdBinding {
  readonly connectionId: string
  readonly resourceLinkId: string
  readonly userId: string
}

/** Maps `lis_result_sourcedid` values to (connection, link, user). */
export interface SourcedIdStore {
  /** The sourcedid of `binding`: the same value every time for the same binding. */
  issue(binding: SourcedIdBinding): Promise<string>
  resolve(sourcedId: string): Promise<SourcedIdBinding | undefined>
}

/**
 * A Dynamic Registration token the platform handed to a tool's registration page. Random, short
 * lived, single-use; it scopes the registration to the schools the administrator chose.
 */
export interface RegistrationToken {
  /** The token value itself (sent by the tool as `Authorization: Bearer`). */
  readonly id: string
  readonly schoolIds: readonly string[]
  /** The administrator who started the registration, for the approval screen. */
  readonly createdBy: string
  readonly expiresAt: number
}

/** Single-use registration tokens. */
export interface RegistrationTokenStore {
  save(token: RegistrationToken): Promise<void>
  /** Same contract as {@link LaunchIntentStore.consume}. */
  consume(id: string, now: number): Promise<RegistrationToken | undefined>
}

/** Gives the platform's signing keys (rotated by the server; overlap is the ring's job). */
export interface PlatformKeyProvider {
  keyRing(): Promise<KeyRing>
}
