import { describe, expect, it } from 'vitest'
import { followPages, type ServiceFetch } from './follow.js'
import { parseLinkHeader, findLink } from './link-header.js'
import { UpstreamError } from './upstream-error.js'

interface Page {
  readonly items: readonly number[]
  readonly next?: string
}

async function processPage(response: Response): Promise<Page> {
  const items = (await response.json()) as number[]
  const next = findLink(parseLinkHeader(response.headers.get('link')), 'next')
  return next === undefined ? { items } : { items, next }
}

/** An in-memory collection: page p links to `linkFor(p)` until `pages`. */
function collection(
  pages: number,
  linkFor: (page: number) => string | undefined,
): {
  fetch: ServiceFetch
  seen: string[]
} {
  const seen: string[] = []
  const fetch: ServiceFetch = (request) => {
    seen.push(request.url)
    const page = Number(new URL(request.url).searchParams.get('p') ?? '1')
    const link = page < pages ? linkFor(page + 1) : undefined
    const headers = link === undefined ? undefined : { link: `<${link}>; rel="next"` }
    return Promise.resolve(Response.json([page], headers === undefined ? {} : { headers }))
  }
  return { fetch, seen }
}

const first = () =>
  new Request('https://lms.example/items?p=1', { headers: { authorization: 'Bearer t' } })
const requestFor = (url: string) => new Request(url, { headers: { authorization: 'Bearer t' } })

async function collect(pages: AsyncIterable<Page>): Promise<number[]> {
  const items: number[] = []
  for await (const page of pages) items.push(...page.items)
  return items
}

describe('followPages', () => {
  it('follows rel="next" verbatim until the last page, resolving relative links', async () => {
    const { fetch, seen } = collection(3, (p) =>
      p === 2 ? `/items?p=2&f=x` : `https://lms.example/items?p=${p}`,
    )
    expect(await collect(followPages(first(), requestFor, processPage, { fetch }))).toEqual([
      1, 2, 3,
    ])
    expect(seen).toEqual([
      'https://lms.example/items?p=1',
      'https://lms.example/items?p=2&f=x',
      'https://lms.example/items?p=3',
    ])
  })

  it('stops after maxPages with ERR_LTI_PAGING_TOO_MANY_PAGES, having yielded those pages', async () => {
    const { fetch } = collection(10, (p) => `https://lms.example/items?p=${p}`)
    const items: number[] = []
    await expect(async () => {
      for await (const page of followPages(first(), requestFor, processPage, {
        fetch,
        maxPages: 2,
      }))
        items.push(...page.items)
    }).rejects.toMatchObject({ code: 'ERR_LTI_PAGING_TOO_MANY_PAGES' })
    expect(items).toEqual([1, 2])
  })

  it('reads exactly maxPages pages when the last one has no next link', async () => {
    const { fetch } = collection(2, (p) => `https://lms.example/items?p=${p}`)
    expect(
      await collect(followPages(first(), requestFor, processPage, { fetch, maxPages: 2 })),
    ).toEqual([1, 2])
  })

  it.each([
    ['another origin', 'https://evil.example/items?p=2'],
    ['another port', 'https://lms.example:8443/items?p=2'],
    ['plain http', 'http://lms.example/items?p=2'],
    ['a cycle back to page 1', 'https://lms.example/items?p=1'],
    ['a malformed URL', 'https://[bad/items'],
  ])('refuses a next link to %s with ERR_LTI_PAGING_UNSAFE_LINK', async (_name, link) => {
    const { fetch, seen } = collection(3, () => link)
    await expect(
      collect(followPages(first(), requestFor, processPage, { fetch })),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_PAGING_UNSAFE_LINK',
      claim: 'Link',
    })
    expect(seen).toHaveLength(1)
  })

  it('allows http on loopback only with the loud opt-in', async () => {
    const start = () => new Request('http://localhost:3000/items?p=1')
    const { fetch } = collection(2, (p) => `http://localhost:3000/items?p=${p}`)
    await expect(
      collect(followPages(start(), requestFor, processPage, { fetch })),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_PAGING_UNSAFE_LINK',
    })
    const again = collection(2, (p) => `http://localhost:3000/items?p=${p}`)
    const pages = followPages(start(), requestFor, processPage, {
      fetch: again.fetch,
      dangerouslyAllowInsecureLoopback: true,
    })
    expect(await collect(pages)).toEqual([1, 2])
  })

  it('turns a network failure into a retryable ERR_LTI_UPSTREAM_UNAVAILABLE', async () => {
    const fetch: ServiceFetch = () => Promise.reject(new TypeError('fetch failed'))
    const error: unknown = await collect(
      followPages(first(), requestFor, processPage, { fetch }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UpstreamError)
    expect(error).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_UNAVAILABLE',
      retryable: true,
      upstreamStatus: 0,
    })
  })

  it.each([0, -1, 1.5, Number.NaN])(
    'rejects maxPages %s as misuse (TypeError)',
    async (maxPages) => {
      const { fetch } = collection(1, () => undefined)
      await expect(
        collect(followPages(first(), requestFor, processPage, { fetch, maxPages })),
      ).rejects.toThrow(TypeError)
    },
  )
})
