import { defineErrors, SPEC } from '../errors/define.js'

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`).
 * paging/ is shared service-client plumbing (AGS, NRPS, DR) without a catalogue slot of its own,
 * so its entries are gathered here.
 */
export const agsErrors = defineErrors({
  ERR_LTI_AGS_INVALID_LINE_ITEM: {
    status: 400,
    spec: `${SPEC.ags}#line-item-service`,
    description: 'The line item does not match the AGS line item schema.',
    cause:
      'A missing or blank label, a scoreMaximum that is not a number > 0, a date without a time zone, or a field of the wrong type.',
    fix: 'Send label (non-blank) and scoreMaximum (> 0); the error names the field at fault.',
  },
  ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD: {
    status: 400,
    spec: `${SPEC.ags}#updating-a-line-item`,
    description: 'A line item update tried to change its id or resourceLinkId.',
    cause: 'The tool sent a PUT whose id or resourceLinkId differs from the stored line item.',
    fix: 'GET the line item first and send it back with the same id and resourceLinkId.',
  },
  ERR_LTI_AGS_INVALID_SCORE: {
    status: 400,
    spec: `${SPEC.ags}#score-publish-service`,
    description: 'The score does not match the AGS score schema.',
    cause:
      'A missing userId, timestamp, activityProgress or gradingProgress, an unknown progress value, a negative scoreGiven or a timestamp without time zone.',
    fix: 'Send the required score fields with the values the spec lists; the error names the field.',
  },
  ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED: {
    status: 400,
    spec: `${SPEC.ags}#scoremaximum`,
    description: 'A score with scoreGiven must also carry scoreMaximum (a number > 0).',
    cause: 'The tool sent scoreGiven without scoreMaximum.',
    fix: 'Send scoreMaximum, the denominator of scoreGiven, with every scoreGiven.',
  },
  ERR_LTI_AGS_SCORE_STALE: {
    status: 409,
    spec: `${SPEC.ags}#timestamp`,
    description:
      'The score was not applied: its timestamp is not later than the score already stored.',
    cause:
      'Scores arrived out of order, or the tool reused a timestamp (the spec forbids both; equal timestamps are refused too).',
    fix: 'Send each new score for a user and line item with a strictly later timestamp.',
  },
  ERR_LTI_AGS_INVALID_QUERY: {
    status: 400,
    spec: `${SPEC.ags}#container-request-filters`,
    description: 'A query parameter of the AGS request is invalid.',
    cause: 'A limit that is not a positive integer, or a filter given more than once or too long.',
    fix: 'Send each filter at most once and limit as a positive integer.',
  },
})
