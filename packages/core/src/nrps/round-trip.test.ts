/**
 * Tool ↔ platform round trip for NRPS through web Request/Response: the tool pages through the
 * membership with its builders/processors; the platform answers from a tiny handler built on
 * parseMembershipQuery and buildMembershipPage. No sockets.
 */
import { describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims/uris.js'
import { isLtiError } from '../errors/lti-error.js'
import { hasRole } from '../roles/index.js'
import { buildMembershipPage, membershipPageResponse, parseMembershipQuery } from './platform.js'
import type { Member } from './schema.js'
import { fetchAllMembers, fetchMembershipPages } from './tool.js'

const MEMBERSHIPS = 'https://lms.example/api/lti/courses/7/names_and_roles'
const TOKEN = 'nrps-token'
const ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#'

const MEMBERS: readonly Member[] = [
  { user_id: 'u1', roles: [`${ROLE}Instructor`], name: 'Ada' },
  { user_id: 'u2', roles: [`${ROLE}Learner`] },
  { user_id: 'u3', roles: [`${ROLE}Learner`], status: 'Inactive' },
  { user_id: 'u4', roles: [`${ROLE}Learner`] },
  { user_id: 'u5', roles: [`${ROLE}Mentor`] },
]

function createPlatform() {
  const seen: string[] = []
  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const query = parseMembershipQuery(url, { maxLimit: 100 })
    if (query.rlid !== undefined && query.rlid !== 'rl-1') {
      // NRPS: the platform MUST deny a link that is not the tool's or not in this context.
      return new Response(null, { status: 404 })
    }
    let members = MEMBERS.filter(
      (member) => query.role === undefined || hasRole(member.roles, query.role),
    )
    if (query.rlid !== undefined) {
      members = members.map((member) => ({
        ...member,
        message: [
          {
            [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
            [CLAIM.custom]: { seat: member.user_id },
          },
        ],
      }))
    }
    const limit = query.limit ?? 100
    const offset = Number(url.searchParams.get('offset') ?? '0')
    const next = new URL(url)
    next.searchParams.set('offset', String(offset + limit))
    const page = buildMembershipPage({
      id: MEMBERSHIPS,
      context: { id: 'course-7', title: 'Analytics' },
      members: members.slice(offset, offset + limit),
      ...(offset + limit < members.length ? { next: next.href } : {}),
      differences: `${MEMBERSHIPS}?since=${encodeURIComponent('2024-05-01T00:00:00Z')}`,
    })
    return membershipPageResponse(page)
  }
  async function fetch(request: Request): Promise<Response> {
    seen.push(request.url)
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`)
      return new Response(null, { status: 401 })
    if (
      request.headers.get('accept') !== 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'
    ) {
      return new Response(null, { status: 406 })
    }
    try {
      return await route(request)
    } catch (error) {
      if (isLtiError(error)) return Response.json(error.toProblem(), { status: error.status })
      throw error
    }
  }
  return { fetch, seen }
}

async function ids(members: AsyncIterable<Member>): Promise<string[]> {
  const all: string[] = []
  for await (const member of members) all.push(member.user_id)
  return all
}

describe('NRPS round trip through Request/Response', () => {
  it('limit=2 on 5 members gives 3 pages linked by rel="next"', async () => {
    const platform = createPlatform()
    expect(
      await ids(
        fetchAllMembers(MEMBERSHIPS, TOKEN, { fetch: platform.fetch, filter: { limit: 2 } }),
      ),
    ).toEqual(['u1', 'u2', 'u3', 'u4', 'u5'])
    expect(platform.seen).toEqual([
      `${MEMBERSHIPS}?limit=2`,
      `${MEMBERSHIPS}?limit=2&offset=2`,
      `${MEMBERSHIPS}?limit=2&offset=4`,
    ])
  })

  it('role=Learner and the full role URI give the same members', async () => {
    const platform = createPlatform()
    const short = await ids(
      fetchAllMembers(MEMBERSHIPS, TOKEN, { fetch: platform.fetch, filter: { role: 'Learner' } }),
    )
    const full = await ids(
      fetchAllMembers(MEMBERSHIPS, TOKEN, {
        fetch: platform.fetch,
        filter: { role: `${ROLE}Learner` },
      }),
    )
    expect(short).toEqual(['u2', 'u3', 'u4'])
    expect(full).toEqual(short)
  })

  it('returns per-member messages for a resource link and surfaces the differences link', async () => {
    const platform = createPlatform()
    const pages = []
    for await (const page of fetchMembershipPages(MEMBERSHIPS, TOKEN, {
      fetch: platform.fetch,
      filter: { rlid: 'rl-1', limit: 3 },
    })) {
      pages.push(page)
    }
    expect(pages).toHaveLength(2)
    expect(pages[0]?.members[0]?.message?.[0]).toEqual({
      [CLAIM.messageType]: 'LtiResourceLinkRequest',
      [CLAIM.custom]: { seat: 'u1' },
    })
    expect(pages.at(-1)?.differences).toBe(`${MEMBERSHIPS}?since=2024-05-01T00%3A00%3A00Z`)
  })

  it('a foreign rlid, a bad role and a bad token become coded errors on the tool side', async () => {
    const platform = createPlatform()
    await expect(
      ids(
        fetchAllMembers(MEMBERSHIPS, TOKEN, { fetch: platform.fetch, filter: { rlid: 'other' } }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_REJECTED',
      upstreamStatus: 404,
    })
    await expect(
      ids(
        fetchAllMembers(MEMBERSHIPS, TOKEN, { fetch: platform.fetch, filter: { role: 'Wizard' } }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_REJECTED',
      upstreamStatus: 400,
    })
    await expect(
      ids(fetchAllMembers(MEMBERSHIPS, 'expired', { fetch: platform.fetch })),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED',
      retryable: true,
    })
  })

  it('stops at maxPages', async () => {
    const platform = createPlatform()
    await expect(
      ids(
        fetchAllMembers(MEMBERSHIPS, TOKEN, {
          fetch: platform.fetch,
          filter: { limit: 1 },
          maxPages: 4,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_PAGING_TOO_MANY_PAGES',
    })
    expect(platform.seen).toHaveLength(4)
  })
})
