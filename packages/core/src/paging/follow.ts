import { isLtiError, LtiError } from '../errors/lti-error.js'
import { isSecureUrl, parseAbsoluteUrl } from '../internal/services-http.js'
import { unguardedFetch } from '../outbound/unguarded.js'
import { UpstreamError } from './upstream-error.js'

/** Sends a request; `fetch` itself fits. Tests inject an in-memory handler. */
export type ServiceFetch = (request: Request) => Promise<Response>

/** Options for walking a paged service collection. */
export interface FollowPagesOptions {
  /** Defaults to the global `fetch`. */
  readonly fetch?: ServiceFetch | undefined
  /** Stop (with `ERR_LTI_PAGING_TOO_MANY_PAGES`) when a collection has more pages. Default 100. */
  readonly maxPages?: number | undefined
  /**
   * @deprecated Local testing only: lets paging links use `http://` on loopback hosts. Never set
   * this in production; it exists so the opt-out is loud and greppable.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean | undefined
}

/** A page a service processor returns: at least its `next` link, absolute or relative. */
export interface LinkedPage {
  readonly next?: string | undefined
}

export const DEFAULT_MAX_PAGES = 100

function unsafeLink(detail: string): LtiError {
  return new LtiError('ERR_LTI_PAGING_UNSAFE_LINK', { claim: 'Link', detail })
}

/**
 * Resolves a `rel="next"` target against the page it came from, and refuses targets the bearer
 * token must not follow: another origin, non-https, or a page already read (a cycle).
 */
function nextUrl(
  next: string,
  current: string,
  origin: string,
  visited: ReadonlySet<string>,
  allowInsecureLoopback: boolean,
): string {
  const url = parseAbsoluteUrl(next, current)
  if (url === undefined) throw unsafeLink('next link is not a URL')
  if (url.origin !== origin) throw unsafeLink(`next link leaves ${origin} for ${url.origin}`)
  if (!isSecureUrl(url, allowInsecureLoopback)) throw unsafeLink('next link is not https')
  url.hash = ''
  if (visited.has(url.href)) throw unsafeLink(`next link repeats ${url.href}`)
  return url.href
}

async function send(fetcher: ServiceFetch, request: Request): Promise<Response> {
  try {
    return await fetcher(request)
  } catch (cause) {
    throw new UpstreamError('ERR_LTI_UPSTREAM_UNAVAILABLE', {
      upstreamStatus: 0,
      retryable: true,
      cause,
      // The outbound client's code (ERR_OUTBOUND_*) stays readable in the log.
      detail: `network error for ${request.method} ${new URL(request.url).origin}${isLtiError(cause) ? `: ${cause.code}` : ''}`,
    })
  }
}

function checkedMaxPages(value: number | undefined): number {
  const max = value ?? DEFAULT_MAX_PAGES
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError('maxPages must be an integer ≥ 1')
  return max
}

/**
 * Walks a paged collection: sends `first`, processes each response, then follows `rel="next"`
 * verbatim (the platform encodes the filters in it) until there is none. AGS §3.2 and NRPS: a
 * tool MUST follow `next`; the absence of `next` means the last page.
 *
 * @throws LtiError `ERR_LTI_PAGING_TOO_MANY_PAGES` after `maxPages` pages that still link onwards.
 * @throws LtiError `ERR_LTI_PAGING_UNSAFE_LINK` for a cross-origin, non-https or repeated link.
 * @throws UpstreamError for network failures and non-2xx answers (from `process`).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter
 */
export async function* followPages<P extends LinkedPage>(
  first: Request,
  requestFor: (url: string) => Request,
  process: (response: Response) => Promise<P>,
  options: FollowPagesOptions = {},
): AsyncGenerator<P, void, undefined> {
  const fetcher: ServiceFetch = options.fetch ?? ((request) => unguardedFetch(request))
  const maxPages = checkedMaxPages(options.maxPages)
  const allowLoopback = options.dangerouslyAllowInsecureLoopback === true
  const origin = new URL(first.url).origin
  const visited = new Set<string>([first.url])
  let request = first
  for (let pages = 1; ; pages++) {
    const page = await process(await send(fetcher, request))
    yield page
    if (page.next === undefined) return
    if (pages >= maxPages) {
      throw new LtiError('ERR_LTI_PAGING_TOO_MANY_PAGES', {
        detail: `more than ${maxPages} pages from ${origin}`,
      })
    }
    const url = nextUrl(page.next, request.url, origin, visited, allowLoopback)
    visited.add(url)
    request = requestFor(url)
  }
}
