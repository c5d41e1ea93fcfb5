import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import { isUpstreamError } from '../paging/upstream-error.js'
import { buildMembershipPage, membershipPageResponse, parseMembershipQuery } from './platform.js'
import { memberStatus, membershipContainerSchema } from './schema.js'
import { buildMembershipRequest, processMembershipResponse } from './tool.js'
import rawVectors from './vectors/membership.json' with { type: 'json' }

/** The vectors typed by the schema (JSON imports widen `status` to string). */
const vectors = {
  container: membershipContainerSchema.parse(rawVectors.container),
  resourceLinkMember: rawVectors.resourceLinkMember,
}

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const URL_BASE = 'https://lms.example.com/sections/2923/memberships'

function queryError(query: string): { code: string; claim: string | undefined } {
  try {
    parseMembershipQuery(`${URL_BASE}?${query}`)
  } catch (error) {
    if (isLtiError(error)) return { code: error.code, claim: error.claim }
    throw error
  }
  throw new Error('expected an LtiError')
}

async function upstream(run: () => Promise<unknown>): Promise<unknown> {
  const error: unknown = await run().catch((e: unknown) => e)
  if (!isUpstreamError(error)) throw new Error(`expected an UpstreamError, got ${String(error)}`)
  return { code: error.code, claim: error.claim }
}

describe('membership container schema', () => {
  it('reads the spec example and a resource link member with message', () => {
    expect(membershipContainerSchema.parse(rawVectors.container)).toEqual(rawVectors.container)
    const withMessage = { ...vectors.container, members: [vectors.resourceLinkMember] }
    expect(membershipContainerSchema.parse(withMessage).members[0]?.message).toHaveLength(1)
  })

  it('reads a missing status as Active', () => {
    expect(memberStatus({})).toBe('Active')
    expect(memberStatus({ status: 'Deleted' })).toBe('Deleted')
  })
})

describe('parseMembershipQuery', () => {
  it.each([
    ['role=Learner', LEARNER],
    ['role=learner', LEARNER],
    [`role=${encodeURIComponent(LEARNER)}`, LEARNER],
    ['role=urn%3Alti%3Arole%3Aims%2Flis%2FLearner', LEARNER],
    [
      'role=TeachingAssistant',
      'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
    ],
    ['role=https%3A%2F%2Fvendor.example%2Froles%23Coach', 'https://vendor.example/roles#Coach'],
  ])('%s → role %s', (query, role) => {
    expect(parseMembershipQuery(`${URL_BASE}?${query}`).role).toBe(role)
  })

  it('reads limit (lowered to maxLimit), rlid and since, and nothing when absent', () => {
    expect(parseMembershipQuery(`${URL_BASE}?limit=2&rlid=rl-1&since=opaque`)).toEqual({
      limit: 2,
      rlid: 'rl-1',
      since: 'opaque',
    })
    expect(parseMembershipQuery(`${URL_BASE}?limit=5000`, { maxLimit: 100 }).limit).toBe(100)
    expect(parseMembershipQuery(URL_BASE)).toEqual({})
  })

  it.each([
    ['role=Bogus', 'role'],
    ['role=', 'role'],
    ['role=Learner&role=Instructor', 'role'],
    ['limit=0', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=-3', 'limit'],
    ['rlid=', 'rlid'],
    [`rlid=${'r'.repeat(256)}`, 'rlid'],
    ['rlid=a&rlid=b', 'rlid'],
    ['since=a&since=b', 'since'],
  ])('rejects %s with ERR_LTI_NRPS_INVALID_QUERY', (query, claim) => {
    expect(queryError(query)).toEqual({ code: 'ERR_LTI_NRPS_INVALID_QUERY', claim })
  })

  it('reads back whatever the tool builder sends', () => {
    const roles = fc.constantFrom('Learner', 'Instructor', 'Mentor', LEARNER)
    fc.assert(
      fc.property(
        fc.option(roles, { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        fc.option(fc.string({ minLength: 1, maxLength: 255 }), { nil: undefined }),
        (role, limit, rlid) => {
          const request = buildMembershipRequest(`${URL_BASE}?x=1`, 't', { role, limit, rlid })
          const query = parseMembershipQuery(request.url)
          expect(query.role).toBe(
            role === undefined
              ? undefined
              : role.startsWith('http')
                ? role
                : `http://purl.imsglobal.org/vocab/lis/v2/membership#${role}`,
          )
          expect(query.limit).toBe(limit)
          expect(query.rlid).toBe(rlid)
        },
      ),
    )
  })
})

describe('buildMembershipPage', () => {
  it('writes the body with rel="next" and rel="differences" links', async () => {
    const page = buildMembershipPage({
      ...vectors.container,
      next: `${URL_BASE}?page=2`,
      differences: `${URL_BASE}?since=abc`,
    })
    expect(page.body).toEqual(vectors.container)
    expect(page.link).toBe(
      `<${URL_BASE}?page=2>; rel="next", <${URL_BASE}?since=abc>; rel="differences"`,
    )
    const response = membershipPageResponse(page)
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
    )
    expect(await response.json()).toEqual(vectors.container)
  })

  it('has no Link header on the last page', () => {
    expect(buildMembershipPage(vectors.container).link).toBeUndefined()
    expect(membershipPageResponse(buildMembershipPage(vectors.container)).headers.has('link')).toBe(
      false,
    )
  })

  it.each([
    ['a member without user_id', { ...vectors.container, members: [{ roles: [] }] }],
    ['a member without roles', { ...vectors.container, members: [{ user_id: 'u' }] }],
    ['a context without id', { ...vectors.container, context: { label: 'x' } }],
    ['an id that is not a URL', { ...vectors.container, id: 'memberships' }],
  ])('refuses %s as misuse (TypeError)', (_name, input) => {
    expect(() => buildMembershipPage(input as typeof vectors.container)).toThrow(TypeError)
  })
})

describe('buildMembershipRequest and processMembershipResponse', () => {
  it('GETs with the exact Accept, bearer token and filters added to the URL query', () => {
    const request = buildMembershipRequest(`${URL_BASE}?section=1`, 'tok', {
      role: 'Learner',
      limit: 50,
      rlid: 'rl 1',
    })
    expect(request.url).toBe(`${URL_BASE}?section=1&role=Learner&limit=50&rlid=rl+1`)
    expect(request.headers.get('accept')).toBe(
      'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
    )
    expect(request.headers.get('authorization')).toBe('Bearer tok')
    expect(() => buildMembershipRequest(URL_BASE, 'tok', { limit: 0 })).toThrow(TypeError)
    expect(() => buildMembershipRequest('http://lms.example.com/m', 'tok')).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INSECURE_SERVICE_URL' }),
    )
  })

  it.each([
    'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
    'application/vnd.ims.lis.v2.membershipcontainer+json',
    'application/json; charset=utf-8',
  ])('reads a page sent as %s with its next and differences links', async (type) => {
    const response = new Response(JSON.stringify(vectors.container), {
      headers: {
        'content-type': type,
        link: `</sections/2923/memberships?p=2>; rel=next, <${URL_BASE}?since=x>; rel="differences"`,
      },
    })
    Object.defineProperty(response, 'url', { value: URL_BASE })
    const page = await processMembershipResponse(response)
    expect(page.members).toEqual(vectors.container.members)
    expect(page.context).toEqual(vectors.container.context)
    expect(page.next).toBe(`${URL_BASE}?p=2`)
    expect(page.differences).toBe(`${URL_BASE}?since=x`)
  })

  it.each([
    [
      'a member without user_id',
      { ...vectors.container, members: [{ roles: [] }] },
      'members[0].user_id',
    ],
    [
      'roles as a string',
      { ...vectors.container, members: [{ user_id: 'u', roles: 'Learner' }] },
      'members[0].roles',
    ],
    [
      'an unknown status',
      { ...vectors.container, members: [{ user_id: 'u', roles: [], status: 'Gone' }] },
      'members[0].status',
    ],
    ['a context without id', { ...vectors.container, context: {} }, 'context.id'],
    ['members missing', { id: URL_BASE, context: { id: 'c' } }, 'members'],
    [
      'a message without message_type',
      { ...vectors.container, members: [{ user_id: 'u', roles: [], message: [{}] }] },
      'members[0].message[0]["https://purl.imsglobal.org/spec/lti/claim/message_type"]',
    ],
  ])(
    'refuses %s with ERR_LTI_UPSTREAM_INVALID_RESPONSE naming the field',
    async (_name, body, claim) => {
      expect(await upstream(() => processMembershipResponse(Response.json(body)))).toEqual({
        code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
        claim,
      })
    },
  )

  it('maps 403 for a foreign rlid to ERR_LTI_UPSTREAM_UNAUTHORIZED', async () => {
    expect(
      await upstream(() => processMembershipResponse(new Response(null, { status: 403 }))),
    ).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED',
    })
  })
})
