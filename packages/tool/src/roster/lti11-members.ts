import { isLoopbackUrl } from '../internal/address.js'
import {
  formatAuthorizationHeader,
  LtiError,
  type Member,
  NRPS_MEDIA_TYPE,
  processMembershipResponse,
  signOAuth1,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { ConsumerKey } from '../records.js'

/** Base64 SHA-1 of the empty body: a GET carries no body, and its hash is signed all the same. */
const EMPTY_BODY_SHA1 = '2jmj7l5rSw0yVb/vlWAYkK/YBwk='
/** The most pages one sync reads (NRPS pages hold many members each). */
const MAX_PAGES = 100

/** Whether the tool may send a signed request to this URL: https, or http on loopback in tests. */
function isCallable(runtime: ToolRuntime, url: URL): boolean {
  if (url.protocol === 'https:') return true
  return runtime.allowInsecureLoopback && url.protocol === 'http:' && isLoopbackUrl(url)
}

function unsafe(detail: string): LtiError {
  return new LtiError('ERR_LTI_PAGING_UNSAFE_LINK', { claim: 'Link', detail })
}

/** The NRPS GET, signed with the consumer's key and secret in an OAuth `Authorization` header. */
async function signedRequest(
  runtime: ToolRuntime,
  consumer: ConsumerKey,
  url: string,
): Promise<Request> {
  const params = await signOAuth1({
    method: 'GET',
    url,
    params: [['oauth_body_hash', EMPTY_BODY_SHA1]],
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    clock: runtime.clock,
  })
  return new Request(url, {
    method: 'GET',
    headers: {
      accept: NRPS_MEDIA_TYPE.membershipContainer,
      authorization: formatAuthorizationHeader(params),
      'user-agent': runtime.userAgent,
    },
    // A redirect would carry the signed request elsewhere: it is an invalid answer instead.
    redirect: 'manual',
  })
}

/**
 * Every member of an LTI 1.1 context through NRPS 2.0's LTI 1.1 binding (lti-notes §9.1): the
 * URL arrives as the custom parameter `context_memberships_v2_url`, each request is signed with
 * OAuth 1.0a (the consumer key and secret, with `oauth_body_hash`) instead of a bearer token, and
 * the answer is the NRPS membership container. Pages are followed on the same origin only.
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0
 */
export async function fetchLti11Members(
  runtime: ToolRuntime,
  consumer: ConsumerKey,
  membershipsUrl: string,
): Promise<Member[]> {
  const first = URL.canParse(membershipsUrl) ? new URL(membershipsUrl) : undefined
  if (first === undefined || !isCallable(runtime, first)) {
    throw new LtiError('ERR_LTI_INSECURE_SERVICE_URL', { detail: 'context_memberships_v2_url' })
  }
  const members: Member[] = []
  const visited = new Set<string>()
  let url: string | undefined = first.href
  for (let pages = 0; url !== undefined; pages++) {
    if (pages >= MAX_PAGES) {
      throw new LtiError('ERR_LTI_PAGING_TOO_MANY_PAGES', { detail: `${MAX_PAGES} pages` })
    }
    visited.add(url)
    const response = await fetchUpstream(runtime, await signedRequest(runtime, consumer, url))
    const page = await processMembershipResponse(response, { clock: runtime.clock })
    members.push(...page.members)
    url = page.next === undefined ? undefined : nextPage(runtime, page.next, url, first, visited)
  }
  return members
}

function nextPage(
  runtime: ToolRuntime,
  next: string,
  current: string,
  first: URL,
  visited: ReadonlySet<string>,
): string {
  const url = URL.canParse(next, current) ? new URL(next, current) : undefined
  if (url === undefined) throw unsafe('next link is not a URL')
  if (url.origin !== first.origin) throw unsafe(`next link leaves ${first.origin}`)
  if (!isCallable(runtime, url)) throw unsafe('next link is not https')
  url.hash = ''
  if (visited.has(url.href)) throw unsafe(`next link repeats ${url.href}`)
  return url.href
}
