import { randomToken } from '../internal/random.js'
import type { Clock } from '../internal/core.js'
import type { ToolPorts } from '../ports.js'
import type { GradeOutboxItem, GradeTarget, OutboxScore } from '../records.js'
import { contextGradeTarget } from './context-target.js'

/** A learner's result on an activity, as the learning application reports it. */
export interface ResultReport {
  readonly publicationId: string
  readonly learnerId: string
  /**
   * The activity that produced the result; only the one the course grade is based on is sent.
   * Omitted: the result is the grade of the publication itself (an application without
   * activities, or one that computes the course grade itself).
   */
  readonly activityId?: string
  /** The result as a fraction in 0..1 (80% of the questions right → 0.8). */
  readonly score: number
  /** Whether the learner completed the activity. */
  readonly completed: boolean
  readonly comment?: string
  /** When the result was produced (epoch ms); defaults to now. Becomes the AGS score timestamp. */
  readonly at?: number
}

/** A learner's progress through the published course or activity. */
export interface ProgressReport {
  readonly publicationId: string
  readonly learnerId: string
  readonly progress: 'started' | 'in-progress' | 'completed'
  readonly at?: number
}

/** Why a report was not queued. */
export type SkipReason =
  | 'grades-disabled'
  | 'not-grade-activity'
  | 'not-completed'
  | 'not-enrolled'
  | 'no-grade-target'
  | 'unsupported-by-lti11'

/** What became of a report. */
export type ReportOutcome =
  | { readonly status: 'queued'; readonly itemId: string }
  | { readonly status: 'skipped'; readonly reason: SkipReason }

type Skip = { readonly status: 'skipped'; readonly reason: SkipReason }
const skip = (reason: SkipReason): Skip => ({ status: 'skipped', reason })

/** Items with the same key update the same result on the platform. */
export function targetKeyOf(target: GradeTarget): string {
  return target.kind === 'ags'
    ? JSON.stringify(['ags', target.registrationId, target.lineItemUrl, target.userId])
    : JSON.stringify(['lti11', target.consumerKey, target.serviceUrl, target.sourcedId])
}

/** The platform the per-platform concurrency limit counts against. */
export function platformKeyOf(target: GradeTarget): string {
  return target.kind === 'ags' ? `lti13:${target.registrationId}` : `lti11:${target.consumerKey}`
}

type Ports = Pick<
  ToolPorts,
  | 'publications'
  | 'content'
  | 'enrolments'
  | 'gradeOutbox'
  | 'rosterSources'
  | 'registrations'
  | 'learners'
>

interface Destination {
  readonly target: GradeTarget
  readonly publicationId: string
  readonly learnerId: string
}

/** The grade target of an active enrolment, when the publication sends grades back. */
async function destinationOf(
  ports: Ports,
  publicationId: string,
  learnerId: string,
): Promise<
  | { destination: Destination; gradeActivityId: string | undefined; onlyOnCompletion: boolean }
  | Skip
> {
  const publication = await ports.publications.get(publicationId)
  if (publication === undefined) throw new TypeError(`unknown publication ${publicationId}`)
  if (!publication.grades.sendBack) return skip('grades-disabled')
  const enrolment = await ports.enrolments.find(publicationId, learnerId)
  if (enrolment?.status !== 'active') return skip('not-enrolled')
  // A learner a member sync enrolled never launched: their context's line item stands in.
  const target = enrolment.gradeTarget ?? (await contextGradeTarget(ports, enrolment))
  if (target === undefined) return skip('no-grade-target')
  const course = await ports.content.getCourse(publication.courseId)
  return {
    destination: { target, publicationId, learnerId },
    gradeActivityId: publication.activityId ?? course?.gradeActivityId,
    onlyOnCompletion: publication.grades.onlyOnCompletion,
  }
}

/**
 * Timestamps per (line item, user) must strictly increase and never repeat (AGS §3.4): a score
 * produced in the same millisecond as, or before, the last one queued is moved just after it.
 */
function nextTimestamp(at: number, latest: GradeOutboxItem | undefined): string {
  const previous = latest === undefined ? Number.NEGATIVE_INFINITY : Date.parse(latest.timestamp)
  return new Date(Math.max(at, previous + 1)).toISOString()
}

async function enqueue(
  ports: Ports,
  clock: Clock,
  destination: Destination,
  score: OutboxScore,
  at: number,
  latest: GradeOutboxItem | undefined,
): Promise<ReportOutcome> {
  const now = clock()
  const item: GradeOutboxItem = {
    id: randomToken(16),
    targetKey: targetKeyOf(destination.target),
    platformKey: platformKeyOf(destination.target),
    target: destination.target,
    score,
    timestamp: nextTimestamp(at, latest),
    publicationId: destination.publicationId,
    learnerId: destination.learnerId,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  }
  await ports.gradeOutbox.enqueue(item)
  return { status: 'queued', itemId: item.id }
}

function assertFraction(score: number): void {
  if (!Number.isFinite(score) || score < 0 || score > 1) {
    throw new TypeError('score must be a number from 0 to 1')
  }
}

/**
 * Queues a learner's result for delivery, honouring the publication: nothing unless it sends
 * grades back; only for the activity the course grade is based on; only on completion when so
 * configured. LTI 1.3 sends an AGS score (`scoreGiven` of `scoreMaximum` 1); LTI 1.1 a
 * replaceResult with the same fraction.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function reportResult(
  ports: Ports,
  clock: Clock,
  report: ResultReport,
): Promise<ReportOutcome> {
  assertFraction(report.score)
  const found = await destinationOf(ports, report.publicationId, report.learnerId)
  if ('status' in found) return found
  if (report.activityId !== undefined && found.gradeActivityId !== report.activityId) {
    return skip('not-grade-activity')
  }
  if (found.onlyOnCompletion && !report.completed) return skip('not-completed')
  const score: OutboxScore = {
    scoreGiven: report.score,
    scoreMaximum: 1,
    activityProgress: report.completed ? 'Completed' : 'InProgress',
    gradingProgress: report.completed ? 'FullyGraded' : 'Pending',
    ...(report.comment === undefined ? {} : { comment: report.comment }),
  }
  const latest = await ports.gradeOutbox.latest(targetKeyOf(found.destination.target))
  return enqueue(ports, clock, found.destination, score, report.at ?? clock(), latest)
}

const ACTIVITY_PROGRESS = {
  started: 'Started',
  'in-progress': 'InProgress',
  completed: 'Completed',
} as const

/**
 * Queues a progress update as an AGS score with `activityProgress` (LTI 1.1 has no progress, so
 * it is skipped there). A score without `scoreGiven` clears the platform's result, so when a
 * result was already queued the update repeats it with the new progress.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#activityprogress
 */
export async function reportProgress(
  ports: Ports,
  clock: Clock,
  report: ProgressReport,
): Promise<ReportOutcome> {
  const found = await destinationOf(ports, report.publicationId, report.learnerId)
  if ('status' in found) return found
  if (found.destination.target.kind !== 'ags') return skip('unsupported-by-lti11')
  const latest = await ports.gradeOutbox.latest(targetKeyOf(found.destination.target))
  const graded = latest?.score.scoreGiven === undefined ? undefined : latest.score
  const score: OutboxScore = {
    ...(graded ?? { gradingProgress: 'NotReady' }),
    activityProgress: ACTIVITY_PROGRESS[report.progress],
  }
  return enqueue(ports, clock, found.destination, score, report.at ?? clock(), latest)
}
