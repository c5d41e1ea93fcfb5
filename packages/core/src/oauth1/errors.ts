import { defineErrors, SPEC } from '../errors/define.js'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const oauth1Errors = defineErrors({
  ERR_LTI_OAUTH_MISSING_PARAMETER: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.1`,
    description: 'A required OAuth 1.0 protocol parameter is missing.',
    cause:
      'The sender did not sign the request, or dropped one of oauth_consumer_key, oauth_signature_method, oauth_signature, oauth_timestamp, oauth_nonce (or oauth_body_hash on XML services).',
    fix: 'Sign the request with OAuth 1.0a HMAC-SHA1 and send every oauth_* parameter.',
  },
  ERR_LTI_OAUTH_DUPLICATE_PARAMETER: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.2`,
    description: 'An OAuth protocol parameter appears more than once.',
    cause: 'An oauth_* parameter was sent twice, for example in both the header and the body.',
    fix: 'Send each oauth_* parameter exactly once, in one place.',
  },
  ERR_LTI_OAUTH_MALFORMED_PARAMETER: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.3`,
    description: 'An OAuth protocol parameter has an invalid value.',
    cause: 'oauth_timestamp is not a positive integer, or oauth_nonce is empty or too long.',
    fix: 'Send oauth_timestamp as whole seconds since the epoch and a short random oauth_nonce.',
  },
  ERR_LTI_OAUTH_MALFORMED_HEADER: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.5.1`,
    description: 'The OAuth Authorization header cannot be parsed.',
    cause: 'The header is not of the form `OAuth name="value", ...` or has bad percent-encoding.',
    fix: 'Format the header as RFC 5849 section 3.5.1 describes.',
  },
  ERR_LTI_OAUTH_UNSUPPORTED_VERSION: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.1`,
    description: 'The oauth_version parameter is not 1.0.',
    cause: 'The sender uses another OAuth version or a typo in oauth_version.',
    fix: 'Send oauth_version=1.0 or omit the parameter.',
  },
  ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD: {
    status: 400,
    spec: `${SPEC.oauth1}#section-3.4`,
    description: 'The oauth_signature_method is not accepted.',
    cause:
      'The sender used PLAINTEXT, RSA-SHA1 or a method this receiver does not allow (HMAC-SHA1 and HMAC-SHA256 are the candidates).',
    fix: 'Sign with HMAC-SHA1 (every LTI 1.1 system supports it) or an allowed alternative.',
  },
  ERR_LTI_OAUTH_UNKNOWN_CONSUMER: {
    status: 401,
    spec: `${SPEC.oauth1}#section-3.2`,
    description: 'The oauth_consumer_key is not known.',
    cause: 'The consumer key is mistyped, was deleted, or belongs to another installation.',
    fix: 'Check the consumer key configured on both sides.',
  },
  ERR_LTI_OAUTH_SIGNATURE_INVALID: {
    status: 401,
    spec: `${SPEC.oauth1}#section-3.4`,
    description: 'The OAuth signature does not match the request.',
    cause:
      'Wrong shared secret, a parameter changed in transit, or the receiver rebuilt a different URL (a TLS-terminating proxy changing scheme, host or port is the usual culprit).',
    fix: 'Check the secret, and that the receiver uses the public URL the sender posted to.',
  },
  ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW: {
    status: 401,
    spec: `${SPEC.oauth1}#section-3.3`,
    description: 'The oauth_timestamp is too far from the current time.',
    cause: 'The clocks of the two servers differ by more than the window, or the request is old.',
    fix: 'Synchronise both servers with NTP and resend a freshly signed request.',
  },
  ERR_LTI_OAUTH_NONCE_REPLAYED: {
    status: 401,
    spec: `${SPEC.oauth1}#section-3.3`,
    description: 'The oauth_nonce has already been used.',
    cause: 'The same signed request was submitted twice (a replay, a double submit or a reload).',
    fix: 'Sign every request with a fresh random nonce; start the launch again from the platform.',
  },
  ERR_LTI_LTI11_METHOD_NOT_ALLOWED: {
    status: 405,
    spec: SPEC.lti11,
    description: 'An LTI 1.1 message must be sent with POST.',
    cause: 'The launch or service request used another HTTP method (often a GET after a redirect).',
    fix: 'Send LTI 1.1 messages as a form POST to the tool URL.',
  },
  ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE: {
    status: 400,
    spec: SPEC.lti11,
    description: 'The lti_message_type is missing or not accepted by this endpoint.',
    cause: 'The platform sent another kind of LTI message to this URL.',
    fix: 'Configure the platform to send the message type this endpoint handles.',
  },
  ERR_LTI_LTI11_UNSUPPORTED_VERSION: {
    status: 400,
    spec: SPEC.lti11,
    description: 'The lti_version is missing or not supported.',
    cause: 'The launch has no lti_version, or a value other than LTI-1p0 (or LTI-2p0).',
    fix: 'Send lti_version=LTI-1p0 with every LTI 1.1 launch.',
  },
  ERR_LTI_LTI11_INVALID_PARAMETER: {
    status: 400,
    spec: SPEC.lti11,
    description: 'A launch parameter is missing, repeated or has an invalid value.',
    cause:
      'A required parameter such as resource_link_id is absent, a parameter appears twice, or a URL parameter is not an http(s) URL.',
    fix: 'Send each LTI parameter once, with the value the LTI 1.1 specification requires.',
  },
})
