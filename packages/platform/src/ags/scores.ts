/**
 * AGS score publish service: `POST {lineitem}/scores`. The score is recorded as the tool's result
 * for the user; when it is final (`FullyGraded`) and the line item flows into an assignment
 * scored by points, the grade book receives the percentage of the assignment's points possible.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import {
  type AgsScore,
  applyScoreToResult,
  LtiError,
  parseIsoInstant,
  parseScoreRequest,
  rescaleScore,
  SCOPE,
  type StoredResult,
} from '../internal/core.js'
import { allowOnly } from '../internal/http.js'
import { answerService, authorizeContextCall, type ServiceCaller } from '../internal/services.js'
import type { Assignment, LineItem, ScoreRecord } from '../ports.js'
import { ownLineItem } from './shared.js'

/** The stored score in the shape core's ordering and persistence rules work on. */
export function storedResultOf(record: ScoreRecord, lineItem: LineItem): StoredResult {
  const { resultScore, resultMaximum } = rescaleScore(record, lineItem.scoreMaximum)
  return {
    userId: record.userId,
    resultScore,
    resultMaximum,
    comment: record.comment ?? null,
    timestamp: record.timestamp,
    activityProgress: record.activityProgress,
    gradingProgress: record.gradingProgress,
    ...(record.scoringUserId === undefined ? {} : { scoringUserId: record.scoringUserId }),
    ...(record.startedAt === undefined ? {} : { startedAt: record.startedAt }),
    ...(record.submittedAt === undefined ? {} : { submittedAt: record.submittedAt }),
  }
}

/**
 * The assignment the scores flow into, when there is one. Score passback is for points
 * assignments only ("Assignments scored using marks or rubrics should not use this option").
 */
async function pointsAssignment(
  deps: PlatformDeps,
  item: LineItem,
): Promise<Assignment | undefined> {
  if (item.assignmentId === undefined) return undefined
  const assignment = await deps.directory.getAssignment(item.assignmentId)
  if (assignment === undefined) return undefined
  const points = assignment.pointsPossible
  if (assignment.scoringType !== 'points' || points === undefined || !(points > 0)) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_POINTS_ASSIGNMENT', {
      detail: `assignment ${assignment.id} is scored by ${assignment.scoringType}`,
    })
  }
  return assignment
}

/** Scores are accepted only for users on the section roster (active enrolments). */
async function requireEnrolled(deps: PlatformDeps, caller: ServiceCaller, userId: string) {
  const enrolment = await deps.directory.getEnrolment(caller.context.id, userId)
  if (enrolment?.status !== 'active') {
    throw new PlatformError('ERR_LTI_PLATFORM_USER_NOT_ENROLLED', { claim: 'userId' })
  }
}

function recordOf(score: AgsScore, item: LineItem, applied: StoredResult): ScoreRecord {
  const timestampNs = parseIsoInstant(score.timestamp)
  if (timestampNs === undefined) throw new TypeError('core validated the timestamp')
  const given = score.scoreGiven ?? undefined
  const maximum = score.scoreMaximum ?? undefined
  return {
    lineItemId: item.id,
    userId: score.userId,
    ...(given === undefined ? {} : { scoreGiven: given }),
    ...(given === undefined || maximum === undefined ? {} : { scoreMaximum: maximum }),
    ...(applied.comment === null ? {} : { comment: applied.comment }),
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    ...(score.scoringUserId === undefined ? {} : { scoringUserId: score.scoringUserId }),
    timestamp: score.timestamp,
    timestampNs,
    ...(applied.startedAt === undefined ? {} : { startedAt: applied.startedAt }),
    ...(applied.submittedAt === undefined ? {} : { submittedAt: applied.submittedAt }),
  }
}

/**
 * The grade book write a score causes: a final score sets the points, a score without
 * `scoreGiven` clears them, any other (partial) score leaves the grade book alone.
 * Points = scoreGiven / scoreMaximum × points possible ("scores are received as percentages").
 */
async function writeGrade(
  deps: PlatformDeps,
  caller: ServiceCaller,
  item: LineItem,
  assignment: Assignment,
  record: ScoreRecord,
): Promise<void> {
  if (record.scoreGiven !== undefined && record.gradingProgress !== 'FullyGraded') return
  const pointsPossible = assignment.pointsPossible ?? 0
  // Rescaled in one step (given × possible / maximum), so no rounding of the fraction first.
  const { resultScore: points } = rescaleScore(record, pointsPossible)
  await deps.gradeBook.write({
    assignmentId: assignment.id,
    userId: record.userId,
    points,
    pointsPossible,
    ...(record.comment === undefined ? {} : { comment: record.comment }),
    source: { connectionId: caller.connection.id, protocol: 'ags', lineItemId: item.id },
    timestamp: record.timestamp,
    timestampMs: Number(record.timestampNs / 1_000_000n),
  })
}

/**
 * `POST {lineitem}/scores` with the `score` scope. Checks, before anything is written: the line
 * item is the caller's and score passback is on (the scope); the body is a valid score; the user is enrolled
 * (422 otherwise); the assignment is scored by points (422 otherwise); the timestamp is later
 * than the stored one (409 `ERR_LTI_AGS_SCORE_STALE` otherwise, nothing changes). Answers 204.
 * GET is not supported on this write-only endpoint (405).
 *
 * @example
 * app.all('/lti/contexts/:contextId/lineitems/:lineItemId/scores', (request, p) =>
 *   handleScores(request, deps, p))
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function handleScores(
  request: Request,
  deps: PlatformDeps,
  params: { readonly contextId: string; readonly lineItemId: string },
): Promise<Response> {
  return answerService(async () => {
    const refused = allowOnly(request, ['POST'])
    if (refused !== undefined) return refused
    // Without SCORE PASSBACK the connection holds no AGS scope, so this also refuses (403) tools
    // of connections where the district has not enabled score passback.
    const caller = await authorizeContextCall(request, deps, params.contextId, [SCOPE.score])
    const item = await ownLineItem(deps, caller, params.lineItemId)
    const score = await parseScoreRequest(request)
    await requireEnrolled(deps, caller, score.userId)
    const assignment = await pointsAssignment(deps, item)
    const stored = await deps.results.get(item.id, score.userId)
    const applied = applyScoreToResult(score, stored && storedResultOf(stored, item), item)
    const record = recordOf(score, item, applied)
    // The store re-checks the order atomically: two racing scores cannot both win.
    if ((await deps.results.applyScore(record)) === 'stale') {
      throw new LtiError('ERR_LTI_AGS_SCORE_STALE', { claim: 'timestamp', detail: 'lost a race' })
    }
    if (assignment !== undefined) await writeGrade(deps, caller, item, assignment, record)
    return new Response(null, { status: 204 })
  })
}
