import { defineErrors, SPEC } from '../errors/define.js'

const VALIDATION = SPEC.idTokenValidation

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`). JWT-level failures (signature,
 * algorithm, kid, iss, aud, azp, exp, iat, missing or malformed claims) use the shared
 * `ERR_LTI_JWT_*` / `ERR_LTI_KID_*` codes of `keys/errors.ts`; these are the LTI-specific ones.
 */
export const launchErrors = defineErrors({
  ERR_LTI_NONCE_REPLAYED: {
    status: 401,
    spec: VALIDATION,
    description: 'The id_token nonce has been used before; the launch was replayed.',
    cause: 'The same id_token was posted twice (browser back button, double submit, or an attack).',
    fix: 'Start a new launch from the platform; every launch needs a fresh nonce.',
  },
  ERR_LTI_NONCE_MISMATCH: {
    status: 401,
    spec: VALIDATION,
    description: 'The id_token nonce is not the one this browser sent in its login request.',
    cause:
      'The id_token belongs to another login flow (a CSRF or token-injection attempt, or two tabs).',
    fix: 'Start a new launch from the platform in this browser.',
  },
  ERR_LTI_VERSION_UNSUPPORTED: {
    status: 400,
    spec: `${SPEC.core}#lti-version-claim`,
    description: 'The LTI version claim is not "1.3.0".',
    cause: 'The platform sent a message of another LTI version or a wrong version value.',
    fix: 'Send the version claim with the value "1.3.0".',
  },
  ERR_LTI_MESSAGE_TYPE_UNSUPPORTED: {
    status: 400,
    spec: `${SPEC.core}#message-type-claim`,
    description: 'The message type is unknown or not accepted at this endpoint.',
    cause: 'The platform launched a message type this tool endpoint does not handle.',
    fix: 'Launch with a message type the endpoint accepts (for example LtiResourceLinkRequest).',
  },
  ERR_LTI_DEPLOYMENT_NOT_ACCEPTED: {
    status: 403,
    spec: `${SPEC.core}#lti-deployment-id-claim`,
    description: 'The deployment_id is not one this tool accepts for the registration.',
    cause:
      'The tool was deployed in a new place on the platform and the deployment is not registered.',
    fix: 'Add the deployment_id to the tool registration (or enable automatic deployment acceptance).',
  },
  ERR_LTI_TARGET_LINK_URI_MISMATCH: {
    status: 400,
    spec: `${SPEC.core}#target-link-uri`,
    description: 'The target_link_uri claim differs from the one given in the login initiation.',
    cause: 'The id_token was issued for another launch URL than the login started, or was swapped.',
    fix: 'Make the platform send the same target_link_uri in the login initiation and the id_token.',
  },
})
