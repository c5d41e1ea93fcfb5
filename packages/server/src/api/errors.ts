import { defineErrors } from '@ltihub/core'

const BEARER = 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1'

/** Refusals of the REST API's bearer credentials (RFC 6750 error codes in `WWW-Authenticate`). */
export const apiErrors = defineErrors({
  ERR_LTIHUB_API_TOKEN_INVALID: {
    status: 401,
    spec: BEARER,
    description: 'The API token is unknown, malformed, expired or revoked.',
    cause:
      'The Authorization header holds a token that was revoked, has expired, was mistyped, or whose owner is disabled.',
    fix: 'Create a new token under Account → API tokens in the console and send it as `Authorization: Bearer <token>`.',
  },
  ERR_LTIHUB_API_TOKEN_SCOPE: {
    status: 403,
    spec: BEARER,
    description: 'The API token lacks the scope this route needs.',
    cause:
      'The token was created without the scope of this route group (for example `platform:write`).',
    fix: 'Create a token with the needed scope; the problem names it in `claim`.',
  },
})
