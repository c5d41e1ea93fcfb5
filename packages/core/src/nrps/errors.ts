import { defineErrors, SPEC } from '../errors/define.js'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const nrpsErrors = defineErrors({
  ERR_LTI_NRPS_INVALID_QUERY: {
    status: 400,
    spec: `${SPEC.nrps}#limit-query-parameter`,
    description: 'A query parameter of the membership request is invalid.',
    cause:
      'A role that is neither a known short context role nor an absolute URI, a limit that is not a positive integer, or a parameter given twice or too long.',
    fix: 'Send role as a full role URI or a context role name (Learner), limit as a positive integer, each once.',
  },
})
