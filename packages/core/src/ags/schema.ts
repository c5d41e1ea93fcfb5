import { z } from 'zod'
import { webUrlSchema } from '../claims/primitives.js'
import type { RuleIssueParams } from '../internal/services-http.js'
import { compareIsoDateTimes, isoDateTimeSchema } from './timestamp.js'

/*
 * AGS payloads: line item, score, result. Field names are the spec's (camelCase on the wire).
 * Objects are `.loose()` so vendor extensions (full-URL keys, AGS §3.2.2) survive a round trip;
 * the platform-side parsers drop unknown keys that are not URLs.
 */

/** Size limits: identifiers as in LTI Core, free text generous but bounded. */
export const AGS_LIMITS = {
  identifier: 255,
  text: 1024,
  comment: 65_536,
} as const

/**
 * `activityProgress`: the learner's progress on the activity.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#activityprogress
 */
export const ACTIVITY_PROGRESS = [
  'Initialized',
  'Started',
  'InProgress',
  'Submitted',
  'Completed',
] as const
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number]

/**
 * `gradingProgress`: the state of grading for this score.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#gradingprogress
 */
export const GRADING_PROGRESS = [
  'FullyGraded',
  'Pending',
  'PendingManual',
  'Failed',
  'NotReady',
] as const
export type GradingProgress = (typeof GRADING_PROGRESS)[number]

const identifier = z.string().min(1).max(AGS_LIMITS.identifier)
const text = z.string().max(AGS_LIMITS.text)

/**
 * Line item dates: ISO 8601 with a time zone. Platforms that support the feature but have no
 * value "SHOULD send blank/null", so a blank string reads as `null`.
 */
const optionalDateTime = z.preprocess(
  (value) => (value === '' ? null : value),
  isoDateTimeSchema.nullable().optional(),
)

const rule = (ltiCode: RuleIssueParams['ltiCode']): RuleIssueParams => ({ ltiCode })

/**
 * A line item (a gradebook column). `id` is the platform-assigned URL (absent on create);
 * `label` is REQUIRED and not blank; `scoreMaximum` is REQUIRED and > 0.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export const lineItemSchema = z
  .object({
    id: webUrlSchema.optional(),
    scoreMaximum: z.number().positive(),
    label: text.refine((value) => value.trim() !== '', 'label must not be blank'),
    resourceId: text.nullish(),
    resourceLinkId: identifier.nullish(),
    tag: text.nullish(),
    startDateTime: optionalDateTime,
    endDateTime: optionalDateTime,
    gradesReleased: z.boolean().optional(),
    submissionReview: z.object({}).loose().optional(),
  })
  .loose()
export type LineItem = z.infer<typeof lineItemSchema>

/** `submission`: when the learner started and submitted (ISO 8601, `submittedAt` ≥ `startedAt`). */
const submissionSchema = z
  .object({ startedAt: isoDateTimeSchema.optional(), submittedAt: isoDateTimeSchema.optional() })
  .loose()

/**
 * A score a tool publishes for one user on one line item (`POST {lineitem}/scores`).
 * `scoreGiven` may exceed `scoreMaximum` (extra credit); without `scoreGiven` the score clears
 * the result. `timestamp` orders scores for the same user and line item.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export const scoreSchema = z
  .object({
    userId: identifier,
    scoreGiven: z.number().min(0).nullish(),
    scoreMaximum: z.number().positive().nullish(),
    comment: z.string().max(AGS_LIMITS.comment).nullish(),
    timestamp: isoDateTimeSchema,
    activityProgress: z.enum(ACTIVITY_PROGRESS),
    gradingProgress: z.enum(GRADING_PROGRESS),
    scoringUserId: identifier.optional(),
    submission: submissionSchema.optional(),
  })
  .loose()
  .superRefine((score, ctx) => {
    // "scoreMaximum: REQUIRED if scoreGiven is present" (AGS §3.4.5).
    if (score.scoreGiven !== undefined && score.scoreGiven !== null && score.scoreMaximum == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoreMaximum'],
        message: 'scoreMaximum is required with scoreGiven',
        params: rule('ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED'),
      })
    }
    const { startedAt, submittedAt } = score.submission ?? {}
    if (startedAt !== undefined && submittedAt !== undefined) {
      if (compareIsoDateTimes(submittedAt, startedAt) < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['submission', 'submittedAt'],
          message: 'submittedAt is before startedAt',
        })
      }
    }
  })
export type Score = z.infer<typeof scoreSchema>

/**
 * A result: the current grade of one user on one line item, as the platform reports it.
 * `resultMaximum` defaults to 1 when absent; `resultScore` is absent or null when there is none.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export const resultSchema = z
  .object({
    id: webUrlSchema,
    scoreOf: webUrlSchema,
    userId: identifier,
    resultScore: z.number().nullish(),
    resultMaximum: z.number().positive().nullish(),
    scoringUserId: identifier.nullish(),
    comment: z.string().max(AGS_LIMITS.comment).nullish(),
  })
  .loose()
export type Result = z.infer<typeof resultSchema>

/** A line item container body: a JSON array of line items. */
export const lineItemContainerSchema = z.array(lineItemSchema)
/** A result container body: a JSON array of results. */
export const resultContainerSchema = z.array(resultSchema)
