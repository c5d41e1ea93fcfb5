import { defineErrors } from '../errors/define.js'

/** Catalogue entries of the outbound client (see `errors/catalogue.ts`). */
export const outboundErrors = defineErrors({
  ERR_OUTBOUND_ADDRESS_REFUSED: {
    status: 400,
    description: 'ltihub does not send requests to this address.',
    cause:
      'The URL names, or its host resolves to, an internal address (loopback, private, link-local, carrier-grade NAT, unique-local, multicast, unspecified, documentation, benchmarking or reserved, also in IPv4-mapped, NAT64, 6to4 or Teredo form), or a redirect led there.',
    fix: 'Use the public https address of the other party. For an internal service, an operator adds its host or network to OUTBOUND_ALLOW (docs/operators/outbound-requests.md).',
  },
  ERR_OUTBOUND_INSECURE_SCHEME: {
    status: 400,
    description: 'ltihub sends requests over https only.',
    cause:
      'The URL (or a redirect) is plain http or another scheme, and its host is neither in OUTBOUND_ALLOW nor loopback on a development instance.',
    fix: 'Use the https address; for an internal http service, an operator adds it to OUTBOUND_ALLOW.',
  },
  ERR_OUTBOUND_UNRESOLVED: {
    status: 502,
    description: 'The host name of the URL does not resolve.',
    cause: 'A typing error in the host name, or a DNS failure.',
    fix: 'Check the host name; retry later if DNS was down.',
  },
  ERR_OUTBOUND_UNREACHABLE: {
    status: 502,
    description: 'The other party could not be reached.',
    cause:
      'The connection was refused or reset, or TLS failed (for example an invalid certificate).',
    fix: 'Check that the other party is up and that its certificate is valid; retry later.',
  },
  ERR_OUTBOUND_TIMEOUT: {
    status: 504,
    description: 'The other party did not answer in time.',
    cause:
      'Connecting, waiting for the response headers or reading the whole body took longer than the outbound timeouts allow (a server that sends its body slowly is cut off too).',
    fix: 'Retry later; operators can raise OUTBOUND_CONNECT_TIMEOUT_MS, OUTBOUND_HEADERS_TIMEOUT_MS or OUTBOUND_BODY_TIMEOUT_MS.',
  },
  ERR_OUTBOUND_TOO_LARGE: {
    status: 502,
    description: 'The answer of the other party is larger than ltihub reads.',
    cause: 'The response body (declared or counted) passed the outbound size cap.',
    fix: 'Check the URL; operators can raise OUTBOUND_MAX_RESPONSE_BYTES.',
  },
  ERR_OUTBOUND_TOO_MANY_REDIRECTS: {
    status: 502,
    description: 'The other party redirected more times than ltihub follows.',
    cause: 'A redirect loop, or a chain longer than the limit (3 by default).',
    fix: 'Use the final address of the resource directly.',
  },
  ERR_OUTBOUND_REDIRECT_REFUSED: {
    status: 502,
    description: 'The other party answered with a redirect where none is allowed.',
    cause:
      'The request asked not to follow redirects (redirect: "error"), or the redirect had no valid Location.',
    fix: 'Use the final address of the resource directly.',
  },
})
