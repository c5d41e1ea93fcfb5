/**
 * The records the tool layer exchanges with its ports. Plain JSON-friendly data (epoch ms for
 * times, ISO strings only where the wire format needs them), so a SQL adapter can store each in
 * rows or a JSON column without conversion logic.
 */

/** What happens on a launch with a deployment_id the tool has not seen for a registration. */
export type DeploymentPolicy = 'accept' | 'pending'

/**
 * A platform the tool trusts for LTI 1.3, keyed by (`issuer`, `clientId`).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export interface PlatformRegistration {
  readonly id: string
  /** Shown to administrators and in the licence report. */
  readonly name: string
  /** Case-sensitive https URL, compared exactly with `iss`. */
  readonly issuer: string
  readonly clientId: string
  /** The platform's OIDC authorization endpoint. */
  readonly authLoginUrl: string
  /** The platform's OAuth 2 token endpoint. */
  readonly authTokenUrl: string
  /** `aud` of client assertions when the platform names an authorization server; else the token URL. */
  readonly authServer?: string
  /** The platform's JSON Web Key Set. */
  readonly jwksUrl: string
  readonly deploymentPolicy: DeploymentPolicy
  /** Put before each user id to form the learner's external ID (see {@link externalIdOf}). */
  readonly lmsIdPrefix: string
  readonly enabled: boolean
}

export type DeploymentStatus = 'active' | 'pending' | 'disabled'

/** One deployment_id under a registration, with the administrator's decision. */
export interface Deployment {
  readonly registrationId: string
  readonly deploymentId: string
  readonly status: DeploymentStatus
  readonly firstSeenAt: number
}

/** An LTI 1.1 consumer: key and shared secret, with the LMS ID prefix of its users. */
export interface ConsumerKey {
  readonly key: string
  /** The OAuth 1.0a shared secret. Never shown in logs or pages other than launch information. */
  readonly secret: string
  readonly name: string
  readonly lmsIdPrefix: string
  readonly enabled: boolean
}

/** A pending OIDC login: what the launch that follows must match. Single use. */
export interface LaunchStateRecord {
  readonly state: string
  readonly nonce: string
  readonly registrationId: string
  /** The login's target_link_uri, which the id_token's claim must repeat. */
  readonly targetLinkUri: string
  /** SHA-256 (base64url) of the browser binding kept in the state cookie and platform storage. */
  readonly bindingHash: string
  /** The `lti_storage_target` of the login, when the platform offered postMessage storage. */
  readonly storageTarget?: string
  readonly expiresAt: number
}

/** Default profile values a publication gives users it creates. */
export interface UserDefaults {
  readonly country?: string
  readonly city?: string
  readonly timezone?: string
  readonly language?: string
  readonly institution?: string
}

/** A course of the learning application. */
export interface Course {
  readonly id: string
  readonly title: string
  /** The ID consumers name the course by (custom parameter `course` or the launch URL path). */
  readonly externalId?: string
  readonly description?: string
  /** The activity the course grade is based on; its result is what goes back to the platform. */
  readonly gradeActivityId?: string
}

/** An activity of a course. */
export interface Activity {
  readonly id: string
  readonly courseId: string
  readonly title: string
  /** Points of the activity; the line item created by deep linking uses it. Default 100. */
  readonly scoreMaximum?: number
}

/** Who may launch a publication; absent or empty on the publication means every consumer. */
export type PublicationConsumer =
  | { readonly kind: 'lti11'; readonly consumerKey: string }
  | { readonly kind: 'lti13'; readonly registrationId: string }

export type MemberSyncTrigger = 'off' | 'on-launch' | 'scheduled'
export type MemberSyncMode = 'enrol-new' | 'unenrol-missing' | 'both'

/** A course (or one activity of it) published as an LTI tool: "Publish as LTI tool" settings. */
export interface Publication {
  readonly id: string
  readonly name: string
  readonly courseId: string
  /** Publish one activity instead of the whole course. */
  readonly activityId?: string
  readonly enabled: boolean
  readonly consumers?: readonly PublicationConsumer[]
  /** How long an enrolment lasts from its start, in ms; absent means unlimited. */
  readonly enrolmentPeriodMs?: number
  /** Launches are accepted from this time (epoch ms). */
  readonly enrolmentStartsAt?: number
  /** Launches are refused from this time (epoch ms). */
  readonly enrolmentEndsAt?: number
  readonly maxEnrolledUsers?: number
  /** Roles of the learning application given to platform instructors and learners. */
  readonly roleMapping: { readonly instructor: string; readonly learner: string }
  readonly grades: { readonly sendBack: boolean; readonly onlyOnCompletion: boolean }
  readonly memberSync: { readonly trigger: MemberSyncTrigger; readonly mode: MemberSyncMode }
  readonly userDefaults: UserDefaults
}

/** Identity and profile of a user as a launch or a roster gives them. */
export interface LearnerProfile {
  /** LMS ID prefix + ':' + platform user id; unique across consumers. */
  readonly externalId: string
  readonly givenName?: string
  readonly familyName?: string
  readonly email?: string
}

/** A user account of the learning application created or found through LTI. */
export interface Learner extends LearnerProfile {
  readonly id: string
  readonly defaults: UserDefaults
  readonly createdAt: number
}

/** Where a learner's result goes: the line item of their last launch, or the 1.1 outcome service. */
export type GradeTarget =
  | {
      readonly kind: 'ags'
      readonly registrationId: string
      readonly deploymentId: string
      readonly lineItemUrl: string
      /** The platform user id (`sub`). */
      readonly userId: string
    }
  | {
      readonly kind: 'lti11-outcome'
      readonly consumerKey: string
      readonly serviceUrl: string
      readonly sourcedId: string
    }

/** An enrolment (subscription) of a learner through a publication. */
export interface Enrolment {
  readonly id: string
  readonly publicationId: string
  readonly courseId: string
  readonly learnerId: string
  /** The learning application's role, from the publication's role mapping. */
  readonly role: string
  readonly status: 'active' | 'unenrolled'
  /** `lti11:<consumer key>` or `lti13:<registration id>`: whom the licence is counted for. */
  readonly consumer: string
  /** The platform context (course) the enrolment came from, when known. */
  readonly contextId?: string
  readonly startedAt: number
  readonly expiresAt?: number
  readonly gradeTarget?: GradeTarget
}

/** One row of the licence report: subscriptions counted per publication and consumer. */
export interface LicenceCount {
  readonly publicationId: string
  readonly consumer: string
  readonly subscriptions: number
}

/** The AGS score fields a grade outbox item sends (LTI 1.1 sends `scoreGiven` only). */
export interface OutboxScore {
  readonly scoreGiven?: number
  readonly scoreMaximum?: number
  readonly activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed'
  readonly gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady'
  readonly comment?: string
}

export type OutboxState = 'pending' | 'delivering' | 'delivered' | 'dead' | 'superseded'

/** A result or progress update waiting for (or past) delivery to a platform. */
export interface GradeOutboxItem {
  readonly id: string
  /** Items with the same key update the same (line item, user); a newer one supersedes older ones. */
  readonly targetKey: string
  /** The platform the concurrency limit applies to (registration id or consumer key). */
  readonly platformKey: string
  readonly target: GradeTarget
  readonly score: OutboxScore
  /** The ISO 8601 time the score was produced; kept unchanged across retries (AGS ordering). */
  readonly timestamp: string
  readonly publicationId: string
  readonly learnerId: string
  readonly state: OutboxState
  readonly attempts: number
  readonly nextAttemptAt: number
  /** While `delivering`: after this time another worker may claim the item again. */
  readonly leaseUntil?: number
  readonly lastError?: string
  readonly lastStatus?: number
  readonly createdAt: number
  readonly updatedAt: number
  readonly deliveredAt?: number
  /**
   * Set by a claim that took the item over from an expired lease: a worker was delivering it and
   * stopped before recording the outcome, so the platform may already hold the score.
   */
  readonly resumed?: boolean
}

/** How one delivery attempt ended, as the worker records it. */
export type OutboxSettlement =
  | { readonly state: 'delivered'; readonly at: number; readonly attempts: number }
  | {
      readonly state: 'pending'
      readonly at: number
      readonly attempts: number
      readonly nextAttemptAt: number
      readonly lastError: string
      readonly lastStatus?: number
    }
  | {
      readonly state: 'dead'
      readonly at: number
      readonly attempts: number
      readonly lastError: string
      readonly lastStatus?: number
    }

interface RosterSourceBase {
  readonly publicationId: string
  readonly contextId: string
  /** The NRPS `context_memberships_url` (LTI 1.1: `custom_context_memberships_v2_url`). */
  readonly membershipsUrl: string
  readonly updatedAt: number
}

/**
 * A platform context of a publication, remembered from launches: where its members come from
 * (NRPS) and, for LTI 1.3, the AGS line item of its learners, so a member sync can enrol people
 * who never launched and their results can still go back (see `contextGradeTarget`).
 */
export type RosterSource =
  | (RosterSourceBase & {
      readonly kind: 'lti13'
      readonly registrationId: string
      readonly deploymentId: string
      /** The `lineitem` of a launch in this context, or the one the tool created via AGS. */
      readonly lineItemUrl?: string
      /** The context's `lineitems` container, where the tool may create its line item. */
      readonly lineItemsUrl?: string
    })
  | (RosterSourceBase & {
      readonly kind: 'lti11'
      readonly consumerKey: string
    })
