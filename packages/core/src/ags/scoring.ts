import { LtiError } from '../errors/lti-error.js'
import type { ActivityProgress, GradingProgress, Result, Score } from './schema.js'
import { compareIsoDateTimes } from './timestamp.js'

/**
 * Removes binary floating point noise: 1.1 × 10 is 11, not 11.000000000000002. Twelve significant
 * digits are far beyond any gradebook's precision.
 */
function tidy(value: number): number {
  return Number(value.toPrecision(12))
}

/**
 * `scoreGiven / scoreMaximum`, or null when the score carries no `scoreGiven` (it clears the
 * result). May exceed 1: "scoreGiven MAY exceed scoreMaximum" (extra credit).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#scoremaximum
 */
export function scoreToFraction(score: Pick<Score, 'scoreGiven' | 'scoreMaximum'>): number | null {
  if (score.scoreGiven === undefined || score.scoreGiven === null) return null
  return tidy(score.scoreGiven / denominator(score))
}

/** `scoreMaximum` of a score that has `scoreGiven`: required, a number > 0. */
function denominator(score: Pick<Score, 'scoreMaximum'>): number {
  const maximum = score.scoreMaximum
  if (typeof maximum !== 'number' || !(maximum > 0) || !Number.isFinite(maximum)) {
    throw new TypeError('scoreMaximum must be a finite number > 0 when scoreGiven is present')
  }
  return maximum
}

/** A result's score and maximum after rescaling onto the line item. */
export interface RescaledScore {
  /** null when the score cleared the result. */
  readonly resultScore: number | null
  readonly resultMaximum: number
}

/**
 * Rescales a score onto the line item's `scoreMaximum`, as platforms usually do:
 * `scoreGiven / scoreMaximum × lineItem.scoreMaximum` (spec example: 1/3 on a 6-point item → 2/6).
 *
 * @example rescaleScore({ scoreGiven: 1, scoreMaximum: 3 }, 6) // { resultScore: 2, resultMaximum: 6 }
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function rescaleScore(
  score: Pick<Score, 'scoreGiven' | 'scoreMaximum'>,
  lineItemScoreMaximum: number,
): RescaledScore {
  if (!(lineItemScoreMaximum > 0) || !Number.isFinite(lineItemScoreMaximum)) {
    throw new TypeError('lineItemScoreMaximum must be a finite number > 0')
  }
  if (score.scoreGiven === undefined || score.scoreGiven === null) {
    return { resultScore: null, resultMaximum: lineItemScoreMaximum }
  }
  const scaled = (score.scoreGiven * lineItemScoreMaximum) / denominator(score)
  return { resultScore: tidy(scaled), resultMaximum: lineItemScoreMaximum }
}

/**
 * Whether an incoming score may replace the stored one: its timestamp must be **strictly later**.
 * The spec: the platform "MUST NOT update the result if the last timestamp on record is later
 * than the incoming score update". Equal timestamps are a tool bug the spec forbids ("MUST NOT
 * reuse a timestamp"), so ltihub decides (notes §25.2) to treat them as stale too: not applied,
 * answered with 409, like Moodle. Timestamps compare as instants, exact to the nanosecond.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp
 */
export function isScoreNewer(
  incoming: Pick<Score, 'timestamp'>,
  stored: Pick<Score, 'timestamp'> | undefined,
): boolean {
  return stored === undefined || compareIsoDateTimes(incoming.timestamp, stored.timestamp) > 0
}

/**
 * Throws unless {@link isScoreNewer}.
 * @throws LtiError `ERR_LTI_AGS_SCORE_STALE` (409) for an earlier or equal timestamp.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp
 */
export function assertScoreNewer(
  incoming: Pick<Score, 'timestamp'>,
  stored: Pick<Score, 'timestamp'> | undefined,
): void {
  if (!isScoreNewer(incoming, stored)) {
    throw new LtiError('ERR_LTI_AGS_SCORE_STALE', {
      claim: 'timestamp',
      detail: `incoming ${incoming.timestamp} is not after stored ${stored?.timestamp ?? ''}`,
    })
  }
}

/** What a platform keeps per (line item, user) after applying scores. */
export interface StoredResult {
  readonly userId: string
  readonly resultScore: number | null
  readonly resultMaximum: number
  readonly comment: string | null
  /** The timestamp of the last applied score: the ordering key. */
  readonly timestamp: string
  readonly activityProgress: ActivityProgress
  readonly gradingProgress: GradingProgress
  readonly scoringUserId?: string
  readonly startedAt?: string
  readonly submittedAt?: string
}

const BEFORE_START: readonly ActivityProgress[] = ['Initialized']
const NOT_SUBMITTED: readonly ActivityProgress[] = ['Initialized', 'Started', 'InProgress']
const STARTED: readonly ActivityProgress[] = ['Started', 'InProgress']
const SUBMITTED: readonly ActivityProgress[] = ['Submitted', 'Completed']

/**
 * `submission.startedAt` / `submittedAt` persistence: keep the last received value, clear it when
 * progress goes back (startedAt on Initialized; submittedAt on Initialized/Started/InProgress),
 * and when never sent, derive it from the timestamp of the first score in that state.
 */
function submissionTimes(
  incoming: Score,
  stored: StoredResult | undefined,
): Pick<StoredResult, 'startedAt' | 'submittedAt'> {
  const progress = incoming.activityProgress
  const startedAt =
    incoming.submission?.startedAt ??
    (BEFORE_START.includes(progress)
      ? undefined
      : (stored?.startedAt ?? (STARTED.includes(progress) ? incoming.timestamp : undefined)))
  const submittedAt =
    incoming.submission?.submittedAt ??
    (NOT_SUBMITTED.includes(progress)
      ? undefined
      : (stored?.submittedAt ?? (SUBMITTED.includes(progress) ? incoming.timestamp : undefined)))
  return {
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(submittedAt === undefined ? {} : { submittedAt }),
  }
}

/**
 * Applies a validated score to the stored result of one (line item, user): checks the ordering,
 * rescales onto the line item, clears the score when `scoreGiven` is absent, clears the comment
 * when it is absent or blank ("the platform clears its stored tool comment"), and keeps the
 * submission times. Pure: the caller persists the returned result.
 *
 * @throws LtiError `ERR_LTI_AGS_SCORE_STALE` when the score is not newer than the stored one.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function applyScore(
  incoming: Score,
  stored: StoredResult | undefined,
  lineItem: { readonly scoreMaximum: number },
): StoredResult {
  assertScoreNewer(incoming, stored)
  const { resultScore, resultMaximum } = rescaleScore(incoming, lineItem.scoreMaximum)
  const comment = incoming.comment?.trim() === '' ? null : (incoming.comment ?? null)
  return {
    userId: incoming.userId,
    resultScore,
    resultMaximum,
    comment,
    timestamp: incoming.timestamp,
    activityProgress: incoming.activityProgress,
    gradingProgress: incoming.gradingProgress,
    ...(incoming.scoringUserId === undefined ? {} : { scoringUserId: incoming.scoringUserId }),
    ...submissionTimes(incoming, stored),
  }
}

/**
 * The wire `Result` for a stored result: the platform-minted result URL (`id`) and the line item
 * URL (`scoreOf`). A cleared score is sent without `resultScore`; an empty comment is omitted.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export function storedResultToResult(
  stored: StoredResult,
  urls: { readonly id: string; readonly scoreOf: string },
): Result {
  return {
    id: urls.id,
    scoreOf: urls.scoreOf,
    userId: stored.userId,
    ...(stored.resultScore === null ? {} : { resultScore: stored.resultScore }),
    resultMaximum: stored.resultMaximum,
    ...(stored.scoringUserId === undefined ? {} : { scoringUserId: stored.scoringUserId }),
    ...(stored.comment === null ? {} : { comment: stored.comment }),
  }
}
