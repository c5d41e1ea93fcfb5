import { defineErrors, SPEC } from '../errors/define.js'

const MIGRATION_CLAIM = `${SPEC.migration}#lti-1-1-migration-claim`

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const migrationErrors = defineErrors({
  ERR_LTI_LTI1P1_SIGNATURE_MISSING: {
    status: 400,
    spec: MIGRATION_CLAIM,
    description: 'The lti1p1 claim has no oauth_consumer_key or no oauth_consumer_key_sign.',
    cause: 'The platform sent LTI 1.1 identifiers without proving it knows the LTI 1.1 secret.',
    fix: 'Send oauth_consumer_key and oauth_consumer_key_sign in the lti1p1 claim before trusting its ids.',
  },
  ERR_LTI_LTI1P1_SIGNATURE_INVALID: {
    status: 401,
    spec: MIGRATION_CLAIM,
    description: 'The oauth_consumer_key_sign of the lti1p1 claim does not verify.',
    cause:
      'The LTI 1.1 secret differs, or the key, deployment_id, iss, client_id, exp or nonce signed differ from the token.',
    fix: 'Sign key&deployment_id&iss&client_id&exp&nonce of this id_token with HMAC-SHA256 and the LTI 1.1 secret.',
  },
})
