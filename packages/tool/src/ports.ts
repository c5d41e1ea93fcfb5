/**
 * Ports: the narrow interfaces through which the tool layer talks to the learning application and
 * to storage. Each is small and structural; `src/testing/` has a memory implementation of every
 * one, and the server implements them in SQL. Methods that guard against replay or overbooking
 * are atomic: they decide and write in one operation (one statement or one transaction), never a
 * look-up followed by a write.
 */
import type { KeyRing, NonceStore } from './internal/core.js'
import type {
  Activity,
  ConsumerKey,
  Course,
  Deployment,
  Enrolment,
  GradeOutboxItem,
  GradeTarget,
  LaunchStateRecord,
  Learner,
  LearnerProfile,
  LicenceCount,
  OutboxSettlement,
  PlatformRegistration,
  Publication,
  RosterSource,
  UserDefaults,
} from './records.js'
import type { ToolSession } from './sessions.js'

/** LTI 1.3 platforms, keyed by (issuer, client_id), and their deployments. */
export interface PlatformRegistrationStore {
  find(issuer: string, clientId: string): Promise<PlatformRegistration | undefined>
  /** All registrations of an issuer (a login without client_id is accepted only if there is one). */
  findByIssuer(issuer: string): Promise<readonly PlatformRegistration[]>
  get(id: string): Promise<PlatformRegistration | undefined>
  /**
   * Creates the registration, or replaces the one with the same (issuer, clientId) keeping its
   * `id`. Dynamic Registration calls this. Resolves the stored record.
   */
  upsert(registration: Omit<PlatformRegistration, 'id'>): Promise<PlatformRegistration>
  findDeployment(registrationId: string, deploymentId: string): Promise<Deployment | undefined>
  /**
   * Inserts the deployment if absent (atomic) and resolves the stored one: an existing record wins,
   * so an administrator's decision is never overwritten by a launch.
   */
  recordDeployment(deployment: Deployment): Promise<Deployment>
}

/** LTI 1.1 consumer keys. */
export interface ConsumerKeyStore {
  find(key: string): Promise<ConsumerKey | undefined>
  list(): Promise<readonly ConsumerKey[]>
}

/** Pending OIDC logins (state ↔ nonce ↔ browser binding). */
export interface LaunchStateStore {
  save(record: LaunchStateRecord): Promise<void>
  /** Reads without consuming; undefined when absent or expired at `now`. */
  find(state: string, now: number): Promise<LaunchStateRecord | undefined>
  /**
   * Removes and returns the record in one atomic step, so a state serves one launch only;
   * undefined when absent, already taken, or expired at `now`.
   */
  take(state: string, now: number): Promise<LaunchStateRecord | undefined>
}

/** Launch and deep-linking sessions, one per launch. */
export interface SessionStore {
  save(session: ToolSession): Promise<void>
  /** Undefined when absent or expired at `now`. */
  get(id: string, now: number): Promise<ToolSession | undefined>
}

/** The learning application's courses and activities (read only). */
export interface ContentCatalog {
  getCourse(id: string): Promise<Course | undefined>
  findCourseByExternalId(externalId: string): Promise<Course | undefined>
  getActivity(id: string): Promise<Activity | undefined>
  listActivities(courseId: string): Promise<readonly Activity[]>
}

/** "Publish as LTI tool" settings (read only). */
export interface PublicationStore {
  get(id: string): Promise<Publication | undefined>
  listForCourse(courseId: string): Promise<readonly Publication[]>
  list(): Promise<readonly Publication[]>
}

/** Learner accounts created through LTI (read side; writes happen in {@link EnrolmentStore.admit}). */
export interface LearnerStore {
  get(id: string): Promise<Learner | undefined>
  findByExternalId(externalId: string): Promise<Learner | undefined>
}

/** Input of {@link EnrolmentStore.admit}. */
export interface AdmitRequest {
  readonly publicationId: string
  readonly courseId: string
  readonly consumer: string
  readonly contextId?: string
  /** Upserted by external ID; `defaults` apply only when the learner is created. */
  readonly learner: LearnerProfile & { readonly defaults: UserDefaults }
  readonly role: string
  readonly now: number
  /** End of a new enrolment (start + the publication's enrolment period). */
  readonly expiresAt?: number
  /** Refuse a new enrolment when this many are already active for the publication. */
  readonly maxEnrolled?: number
  /** Replaces the stored grade target when given (each launch brings the current one). */
  readonly gradeTarget?: GradeTarget
}

/** Result of {@link EnrolmentStore.admit}. */
export type AdmitResult =
  | {
      readonly outcome: 'enrolled' | 'reactivated' | 'existing'
      readonly learner: Learner
      readonly enrolment: Enrolment
      /** True when this admission recorded a licence (a new subscription). */
      readonly licenceRecorded: boolean
    }
  | { readonly outcome: 'full' }
  /** The learner's active enrolment has reached its end (`expiresAt <= now`). */
  | { readonly outcome: 'expired'; readonly enrolment: Enrolment }

/** Enrolments, with their licence records. */
export interface EnrolmentStore {
  /**
   * Atomically admits a learner to a publication, in ONE transaction:
   * - an active enrolment of the learner (by external ID) whose `expiresAt` is at or before `now`
   *   → `expired`, and nothing is written;
   * - an active enrolment of the learner (by external ID) → `existing`: profile and role updated;
   * - otherwise, if `maxEnrolled` is set and that many enrolments are active → `full`, and nothing
   *   at all is written (no learner account is created);
   * - otherwise the learner is upserted, the enrolment created (`enrolled`) or an unenrolled one
   *   reactivated (`reactivated`), and a licence is recorded the first time this learner ever
   *   subscribes through this publication (one licence per subscription).
   */
  admit(request: AdmitRequest): Promise<AdmitResult>
  find(publicationId: string, learnerId: string): Promise<Enrolment | undefined>
  /** Active enrolments of a publication, optionally only those from one consumer and context. */
  listActive(
    publicationId: string,
    filter?: { readonly consumer?: string; readonly contextId?: string },
  ): Promise<readonly Enrolment[]>
  unenrol(enrolmentId: string, now: number): Promise<void>
  /** Licence records grouped by publication and consumer. */
  licenceCounts(): Promise<readonly LicenceCount[]>
}

/** What a claim leaves out. */
export interface ClaimOptions {
  /** Platform keys whose items stay where they are (busy or backing off in this worker). */
  readonly skipPlatforms?: readonly string[]
}

/** The durable outbox of results and progress waiting for delivery. */
export interface GradeOutbox {
  /**
   * Inserts a `pending` item and, in the same step, marks `superseded` every older `pending` item
   * with the same `targetKey` (AGS keeps only the latest score of a user, so older ones need not go).
   */
  enqueue(item: GradeOutboxItem): Promise<void>
  /**
   * The item with the latest `timestamp` for a target key, whatever its state: new scores get a
   * strictly later timestamp (AGS) and progress updates keep its score (a score without
   * `scoreGiven` would clear the learner's result on the platform).
   */
  latest(targetKey: string): Promise<GradeOutboxItem | undefined>
  /**
   * Atomically claims up to `limit` items that are `pending` with `nextAttemptAt <= now`, or
   * `delivering` with an expired lease, oldest first; marks them `delivering` until `leaseUntil`.
   * Skips an item while another item of the same `targetKey` is delivering, so scores for one
   * user reach the platform in order, and items of the `skipPlatforms` (platforms busy or backing
   * off in this worker). An item claimed from an expired lease comes back with `resumed: true`:
   * the worker that held it may have sent it before it stopped.
   */
  claimDue(
    now: number,
    limit: number,
    leaseUntil: number,
    options?: ClaimOptions,
  ): Promise<readonly GradeOutboxItem[]>
  /** Records the end of an attempt. */
  settle(id: string, settlement: OutboxSettlement): Promise<void>
  get(id: string): Promise<GradeOutboxItem | undefined>
  listDead(limit: number): Promise<readonly GradeOutboxItem[]>
  /** Moves a `dead` item back to `pending` with zero attempts, due at `now`; false if not dead. */
  resend(id: string, now: number): Promise<boolean>
}

/** Platform contexts to sync members from (and grade learners of), remembered from launches. */
export interface RosterSourceStore {
  /**
   * Inserts or replaces the source with the same kind, publication, platform (registration or
   * consumer key) and context, in one statement. `lineItemUrl` and `lineItemsUrl` are kept when
   * the new source has none: a launch from a link without a line item must not forget the
   * context's line item.
   */
  save(source: RosterSource): Promise<void>
  list(publicationId?: string): Promise<readonly RosterSource[]>
}

/** The tool's signing keys (for client assertions and deep-linking responses, and the JWKS). */
export interface ToolKeyProvider {
  keyRing(): Promise<KeyRing>
}

/** Every port of the tool layer, as `createLtiTool` takes them. */
export interface ToolPorts {
  readonly registrations: PlatformRegistrationStore
  readonly consumerKeys: ConsumerKeyStore
  readonly launchStates: LaunchStateStore
  readonly sessions: SessionStore
  /** Single-use values: id_token nonces and LTI 1.1 OAuth nonces. */
  readonly nonces: NonceStore
  readonly content: ContentCatalog
  readonly publications: PublicationStore
  readonly learners: LearnerStore
  readonly enrolments: EnrolmentStore
  readonly gradeOutbox: GradeOutbox
  readonly rosterSources: RosterSourceStore
  readonly keys: ToolKeyProvider
}
