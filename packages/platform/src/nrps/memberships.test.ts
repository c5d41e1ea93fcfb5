import { beforeEach, describe, expect, it } from 'vitest'
import { CLAIM, SCOPE } from '../internal/core.js'
import { createTestTool, type TestTool } from '../testing/test-tool.js'
import {
  createWorld,
  FOREIGN_CONTEXT,
  PLATFORM_BASE,
  type World,
  WORLD_CONTEXT,
  WORLD_LINK,
  WORLD_USERS,
  worldConnection,
} from '../testing/world.js'
import { handleMemberships } from './memberships.js'

const URL_BASE = `${PLATFORM_BASE}/lti/contexts/${WORLD_CONTEXT.id}/memberships`
const MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'

let world: World
let tool: TestTool
let token: string

interface Container {
  id: string
  context: { id: string }
  members: Record<string, unknown>[]
}

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
  token = await tool.accessToken([SCOPE.contextMembershipReadOnly])
  // Five more students, one a never-launched user with no profile at all.
  for (const n of [1, 2, 3, 4, 5]) {
    world.directory.putUser({ ...WORLD_USERS.student2, id: `u-s${n}`, givenName: `S${n}` })
    world.directory.enrol({
      contextId: WORLD_CONTEXT.id,
      userId: `u-s${n}`,
      role: 'student',
      status: 'active',
    })
  }
})

async function get(search = '', contextId = WORLD_CONTEXT.id, bearer = token) {
  const url = `${PLATFORM_BASE}/lti/contexts/${contextId}/memberships${search}`
  const response = await handleMemberships(tool.serviceRequest(url, bearer), world.deps, {
    contextId,
  })
  return { response, body: (await response.json()) as Container & { code?: string } }
}

describe('handleMemberships', () => {
  it('lists the whole roster with roles, status and the profile fields allowed', async () => {
    const { response, body } = await get()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(MEDIA)
    expect(response.headers.get('link')).toBeNull()
    expect(body.id).toBe(URL_BASE)
    expect(body.context).toEqual({
      id: WORLD_CONTEXT.id,
      label: 'BIO2-P3',
      title: WORLD_CONTEXT.title,
    })
    expect(body.members).toHaveLength(8)
    const byId = Object.fromEntries(body.members.map((m) => [m.user_id, m]))
    expect(byId['u-teacher']).toMatchObject({
      status: 'Active',
      name: 'Tess Teacher',
      email: 'tess@lms.example.edu',
    })
    expect(byId['u-teacher']?.roles).toContain(INSTRUCTOR)
    expect(byId['u-student']).toMatchObject({
      status: 'Active',
      lis_person_sourcedid: 'sis-sam',
      lti11_legacy_user_id: 'legacy-sam',
    })
    expect(byId['u-student']?.roles).toContain(LEARNER)
    // Inactive and never-launched users are listed too.
    expect(byId['u-student2']).toMatchObject({ status: 'Inactive', given_name: 'Nia' })
    expect(byId['u-parent']).toBeUndefined()
  })

  it('leaves out names and email when privacy says so', async () => {
    world.connections.put(worldConnection({ privacy: { sendName: false, sendEmail: false } }))
    const { body } = await get()
    for (const member of body.members) {
      expect(Object.keys(member).sort()).toEqual(
        member.user_id === 'u-student'
          ? ['lti11_legacy_user_id', 'roles', 'status', 'user_id']
          : ['roles', 'status', 'user_id'],
      )
    }
  })

  it('pages with limit and rel="next" until the last page', async () => {
    const seen: string[] = []
    let search = '?limit=3'
    let pages = 0
    for (;;) {
      const { response, body } = await get(search)
      pages += 1
      seen.push(...body.members.map((m) => String(m.user_id)))
      const link = response.headers.get('link')
      if (link === null) break
      const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1]
      expect(next).toBeDefined()
      search = new URL(next ?? '').search
    }
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(8)
  })

  it('gives the same result for a short role name and the full URI', async () => {
    const short = await get('?role=Learner')
    const full = await get(`?role=${encodeURIComponent(LEARNER)}`)
    expect(short.body.members).toHaveLength(7)
    expect(full.body.members).toEqual(short.body.members)
    expect((await get('?role=Instructor')).body.members.map((m) => m.user_id)).toEqual([
      'u-teacher',
    ])
    expect((await get('?role=Mentor')).body.members).toEqual([])
  })

  it("lists a link's members for rlid of the tool's own link in this section", async () => {
    const { body } = await get(`?rlid=${WORLD_LINK.id}`)
    expect(body.members).toHaveLength(8)
  })

  it('gives each member of a link the message a launch of it would carry', async () => {
    const { body } = await get(`?rlid=${WORLD_LINK.id}`)
    const byUser = new Map(body.members.map((m) => [m['user_id'], m['message']]))
    const custom = {
      quiz: '7',
      link_history: 'rl-quiz-7-2024,rl%2Cquiz-2023',
      section_history: 'ctx-bio-1,ctx-bio-0',
    }
    const [student] = byUser.get('u-student') as Record<string, unknown>[]
    expect(student).toEqual({
      [CLAIM.messageType]: 'LtiResourceLinkRequest',
      [CLAIM.custom]: custom,
      [CLAIM.basicOutcome]: {
        lis_result_sourcedid: expect.any(String),
        lis_outcome_service_url: `${PLATFORM_BASE}/lti/outcomes`,
      },
    })
    // The sourcedid is the one an LTI 1.1 launch of the link gives this student.
    const binding = await world.sourcedIds.resolve(
      String(
        (student?.[CLAIM.basicOutcome] as { lis_result_sourcedid: string }).lis_result_sourcedid,
      ),
    )
    expect(binding).toEqual({
      connectionId: 'conn-quiz',
      resourceLinkId: WORLD_LINK.id,
      userId: 'u-student',
    })
    // Teachers grade, they are not graded: no Basic Outcomes claim.
    expect(byUser.get('u-teacher')).toEqual([
      { [CLAIM.messageType]: 'LtiResourceLinkRequest', [CLAIM.custom]: custom },
    ])
    // Without rlid, the roster has no messages.
    const plain = await get()
    expect(plain.body.members.every((m) => !('message' in m))).toBe(true)
  })

  it('leaves Basic Outcomes out of the messages of a connection without an LTI 1.1 key', async () => {
    const { lti11: _key, ...noKey } = worldConnection()
    world.connections.connections.set('conn-quiz', noKey)
    const { body } = await get(`?rlid=${WORLD_LINK.id}`)
    const student = body.members.find((m) => m['user_id'] === 'u-student')
    expect(student?.['message']).toEqual([
      expect.not.objectContaining({ [CLAIM.basicOutcome]: expect.anything() }),
    ])
  })

  it.each([
    ['an unknown link', 'nope'],
    ["another tool's link", 'rl-other'],
    ['a link of another section', 'rl-elsewhere'],
  ])('answers 404 for rlid of %s', async (_name, rlid) => {
    world.resourceLinks.links.set('rl-other', {
      ...WORLD_LINK,
      id: 'rl-other',
      connectionId: 'conn-other',
    })
    world.resourceLinks.links.set('rl-elsewhere', {
      ...WORLD_LINK,
      id: 'rl-elsewhere',
      contextId: FOREIGN_CONTEXT.id,
    })
    const { response, body } = await get(`?rlid=${rlid}`)
    expect(response.status).toBe(404)
    expect(body.code).toBe('ERR_LTI_PLATFORM_NOT_FOUND')
  })

  it.each([
    ['a repeated role', '?role=Learner&role=Instructor'],
    ['a non-numeric limit', '?limit=ten'],
    ['a bad offset', '?offset=x'],
    ['an unknown role', '?role=not%20a%20role'],
  ])('answers 400 for %s', async (_name, search) => {
    const { response, body } = await get(search)
    expect(response.status).toBe(400)
    expect(body.code).toBe('ERR_LTI_NRPS_INVALID_QUERY')
  })

  it('answers 404 for a section the tool does not reach', async () => {
    const { response } = await get('', FOREIGN_CONTEXT.id)
    expect(response.status).toBe(404)
  })

  it('answers 401 without a valid token and 403 without the scope', async () => {
    const none = await handleMemberships(new Request(URL_BASE), world.deps, {
      contextId: WORLD_CONTEXT.id,
    })
    expect(none.status).toBe(401)
    const ags = await tool.accessToken([SCOPE.score])
    expect((await get('', WORLD_CONTEXT.id, ags)).response.status).toBe(403)
  })

  it('answers 405 to other methods', async () => {
    const post = await handleMemberships(
      tool.serviceRequest(URL_BASE, token, { method: 'POST' }),
      world.deps,
      {
        contextId: WORLD_CONTEXT.id,
      },
    )
    expect(post.status).toBe(405)
  })
})
