import { defineErrors } from './define.js'

/** Errors that any feature may raise about the shape or size of its input. */
export const commonErrors = defineErrors({
  ERR_LTI_INPUT_TOO_LARGE: {
    status: 413,
    description: 'The request body or parameter is larger than ltihub accepts.',
    cause: 'A client sent an oversize body, token or parameter (possibly an attack).',
    fix: 'Send a smaller payload; the limits are listed in the operator documentation.',
  },
  ERR_LTI_MALFORMED_JSON: {
    status: 400,
    description: 'The body is not valid JSON.',
    cause: 'The sender produced broken JSON or the wrong content type.',
    fix: 'Send a well-formed JSON document with the media type the endpoint expects.',
  },
  ERR_LTI_MALFORMED_XML: {
    status: 400,
    description: 'The body is not well-formed XML of the expected kind.',
    cause: 'The sender produced broken XML, a document of another kind, or one with a DOCTYPE.',
    fix: 'Send a well-formed XML document without DOCTYPE or entity declarations.',
  },
  ERR_LTI_INVALID_PAYLOAD: {
    status: 400,
    description: 'The payload does not match the schema the spec defines.',
    cause: 'A required field is missing or a field has the wrong type or value.',
    fix: 'Compare the payload with the spec; the error names the field at fault.',
  },
  ERR_LTI_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The request has a content type this endpoint does not accept.',
    cause: 'The client sent a body with the wrong Content-Type header.',
    fix: 'Use the media type the spec defines for this endpoint.',
  },
  ERR_LTI_RATE_LIMITED: {
    status: 429,
    description: 'Too many requests of this kind; wait before trying again.',
    cause:
      'The client passed a rate limit of this endpoint (sign-in attempts, token or launch requests, failed LTI 1.1 signatures, API calls).',
    fix: 'Wait for the time in the Retry-After header. If legitimate traffic is refused, raise the limit (docs/operators/rate-limits.md).',
  },
})
