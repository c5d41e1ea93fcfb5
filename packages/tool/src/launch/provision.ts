import {
  isAdministrator,
  isContentDeveloper,
  isInstructor,
  type RoleInput,
} from '../internal/core.js'
import { ToolError } from '../errors/tool-error.js'
import type { ToolPorts } from '../ports.js'
import type {
  Enrolment,
  GradeTarget,
  Learner,
  LearnerProfile,
  Publication,
  PublicationConsumer,
} from '../records.js'

/** The longest platform user id accepted (LTI 1.3 `sub`: at most 255 ASCII characters). */
const MAX_USER_ID_LENGTH = 255

/**
 * The learner's external ID: the consumer's LMS ID prefix, a colon, and the platform's user id.
 * The prefix keeps user `42` of one LMS apart from user `42` of another; the colon keeps the split
 * unambiguous (prefixes cannot contain one).
 */
export function externalIdOf(lmsIdPrefix: string, userId: string | undefined): string {
  if (userId === undefined || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new ToolError('ERR_LTI_USER_ID_MISSING', {
      detail: userId === undefined ? 'absent' : `length ${userId.length}`,
    })
  }
  return `${lmsIdPrefix}:${userId}`
}

/** The consumer a launch or a roster comes from, as the enrolment and licence record it. */
export type ConsumerRef =
  | { readonly kind: 'lti13'; readonly registrationId: string; readonly lmsIdPrefix: string }
  | { readonly kind: 'lti11'; readonly consumerKey: string; readonly lmsIdPrefix: string }

/** `lti11:<key>` or `lti13:<registration id>`, the form enrolments and licences store. */
export function consumerLabel(consumer: ConsumerRef): string {
  return consumer.kind === 'lti11'
    ? `lti11:${consumer.consumerKey}`
    : `lti13:${consumer.registrationId}`
}

/** Whether a publication is offered to this consumer (no list means every consumer). */
export function isOfferedTo(publication: Publication, consumer: ConsumerRef): boolean {
  const allowed = publication.consumers ?? []
  if (allowed.length === 0) return true
  return allowed.some((entry: PublicationConsumer) =>
    entry.kind === 'lti11'
      ? consumer.kind === 'lti11' && entry.consumerKey === consumer.consumerKey
      : consumer.kind === 'lti13' && entry.registrationId === consumer.registrationId,
  )
}

/**
 * Which side of the role mapping a user gets: instructors, content developers and administrators
 * manage the course; everyone else (learners, mentors, unknown or no roles) learns.
 */
export function mappedSide(roles: RoleInput): 'instructor' | 'learner' {
  return isInstructor(roles) || isContentDeveloper(roles) || isAdministrator(roles)
    ? 'instructor'
    : 'learner'
}

/** Refuses a launch outside the publication's enrolment start and end dates. */
export function checkEnrolmentWindow(publication: Publication, now: number): void {
  if (publication.enrolmentStartsAt !== undefined && now < publication.enrolmentStartsAt) {
    throw new ToolError('ERR_LTI_ENROLMENT_NOT_STARTED', { detail: publication.id })
  }
  if (publication.enrolmentEndsAt !== undefined && now >= publication.enrolmentEndsAt) {
    throw new ToolError('ERR_LTI_ENROLMENT_ENDED', { detail: publication.id })
  }
}

/** Input of {@link provisionLearner}. */
export interface ProvisionInput {
  readonly publication: Publication
  readonly consumer: ConsumerRef
  readonly userId: string | undefined
  readonly profile: Omit<LearnerProfile, 'externalId'>
  readonly roles: RoleInput
  readonly contextId?: string
  readonly gradeTarget?: GradeTarget
  readonly now: number
}

/** Result of {@link provisionLearner}. */
export interface Provisioned {
  readonly learner: Learner
  readonly enrolment: Enrolment
  readonly side: 'instructor' | 'learner'
  readonly outcome: 'enrolled' | 'reactivated' | 'existing'
}

/**
 * Finds or creates the learner's account and enrolment, under the publication's rules. Every
 * refusal is a coded `ToolError` raised BEFORE anything is written: the checks that need no
 * storage come first, and the expiry and capacity checks happen inside the atomic `admit`, which
 * writes nothing when the enrolment has expired or the publication is full.
 */
export async function provisionLearner(
  ports: Pick<ToolPorts, 'enrolments'>,
  input: ProvisionInput,
): Promise<Provisioned> {
  const { publication, consumer, now } = input
  const externalId = externalIdOf(consumer.lmsIdPrefix, input.userId)
  if (!publication.enabled || !isOfferedTo(publication, consumer)) {
    throw new ToolError('ERR_LTI_PUBLICATION_UNAVAILABLE', { detail: publication.id })
  }
  checkEnrolmentWindow(publication, now)
  const side = mappedSide(input.roles)
  const result = await ports.enrolments.admit({
    publicationId: publication.id,
    courseId: publication.courseId,
    consumer: consumerLabel(consumer),
    ...(input.contextId === undefined ? {} : { contextId: input.contextId }),
    learner: { ...input.profile, externalId, defaults: publication.userDefaults },
    role: publication.roleMapping[side],
    now,
    ...(publication.enrolmentPeriodMs === undefined
      ? {}
      : { expiresAt: now + publication.enrolmentPeriodMs }),
    ...(publication.maxEnrolledUsers === undefined
      ? {}
      : { maxEnrolled: publication.maxEnrolledUsers }),
    ...(input.gradeTarget === undefined ? {} : { gradeTarget: input.gradeTarget }),
  })
  if (result.outcome === 'full') {
    throw new ToolError('ERR_LTI_ENROLMENT_FULL', {
      detail: `${publication.id}: ${String(publication.maxEnrolledUsers)} enrolled`,
    })
  }
  // A returning learner whose enrolment period has elapsed.
  if (result.outcome === 'expired') {
    throw new ToolError('ERR_LTI_ENROLMENT_EXPIRED', { detail: result.enrolment.id })
  }
  return { learner: result.learner, enrolment: result.enrolment, side, outcome: result.outcome }
}
