import { describe, expect, it } from 'vitest'
import { buildMembershipPage, type Member, membershipPageResponse } from '../internal/core.js'
import { createFixture, type FixtureOptions } from '../testing/fixture.js'
import { ROLE } from '../testing/flows.js'

const member = (id: string): Member => ({ user_id: id, roles: [ROLE.learner], given_name: id })

const COURSE = { custom: { course: 'SAFE-101' } }

async function learnerIdOf(f: Awaited<ReturnType<typeof createFixture>>, externalId: string) {
  const learner = await f.ports.learners.findByExternalId(externalId)
  if (learner === undefined) throw new Error(`no learner ${externalId}`)
  return learner.id
}

const completion = (learnerId: string) => ({
  publicationId: 'publication-1',
  learnerId,
  activityId: 'activity-final',
  score: 0.75,
  completed: true,
})

describe('grades of learners a member sync enrolled (they never launched)', () => {
  it('go to the line item of their context, for their NRPS user_id', async () => {
    const f = await createFixture()
    await f.launch13({
      ...COURSE,
      subject: 'user-1',
      context: { id: 'c1' },
      lineItemUrl: f.platform.urls.lineItem('quiz'),
      membershipsUrl: f.platform.urls.memberships,
    })
    f.platform.members = [member('user-1'), member('never-launched')]
    await f.tool.roster.sync('publication-1', 'enrol-new')
    const synced = await learnerIdOf(f, 'testlms:never-launched')
    expect((await f.ports.enrolments.find('publication-1', synced))?.gradeTarget).toBeUndefined()

    expect(await f.tool.grades.reportResult(completion(synced))).toMatchObject({ status: 'queued' })
    const report = await f.tool.grades.deliverDue()
    expect(report.delivered).toBe(1)
    expect(f.platform.scores).toEqual([
      expect.objectContaining({
        lineItemUrl: f.platform.urls.lineItem('quiz'),
        score: expect.objectContaining({
          userId: 'never-launched',
          scoreGiven: 0.75,
          scoreMaximum: 1,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        }) as unknown,
      }),
    ])
  })

  it('a launch without a line item keeps the one the context has', async () => {
    const f = await createFixture()
    const base = { ...COURSE, context: { id: 'c1' }, membershipsUrl: f.platform.urls.memberships }
    await f.launch13({ ...base, subject: 'user-1', lineItemUrl: f.platform.urls.lineItem('q') })
    await f.launch13({ ...base, subject: 'teacher', roles: [ROLE.instructor] })
    expect(await f.ports.rosterSources.list('publication-1')).toEqual([
      expect.objectContaining({ kind: 'lti13', lineItemUrl: f.platform.urls.lineItem('q') }),
    ])
  })

  it('with only the line items container, the sync creates the line item once, then reuses it', async () => {
    const f = await createFixture()
    await f.launch13({
      ...COURSE,
      subject: 'user-1',
      context: { id: 'c1' },
      lineItemsUrl: f.platform.urls.lineItems,
      membershipsUrl: f.platform.urls.memberships,
    })
    f.platform.members = [member('user-1'), member('user-2')]
    await f.tool.roster.sync('publication-1', 'enrol-new')
    await f.tool.roster.sync('publication-1', 'enrol-new')
    expect(f.platform.services.lineItems).toEqual([
      {
        id: f.platform.urls.lineItem('created-1'),
        label: 'Safety basics for partners',
        scoreMaximum: 20,
        resourceId: 'publication-1',
        tag: 'grade',
      },
    ])
    const user2 = await learnerIdOf(f, 'testlms:user-2')
    await f.tool.grades.reportResult(completion(user2))
    await f.tool.grades.deliverDue()
    expect(f.platform.scores.map((s) => [s.lineItemUrl, s.score.userId])).toEqual([
      [f.platform.urls.lineItem('created-1'), 'user-2'],
    ])
  })

  it('creates no line item for a publication that sends no grades back', async () => {
    const f = await createFixture({
      publication: { grades: { sendBack: false, onlyOnCompletion: true } },
    })
    await f.launch13({
      ...COURSE,
      context: { id: 'c1' },
      lineItemsUrl: f.platform.urls.lineItems,
      membershipsUrl: f.platform.urls.memberships,
    })
    f.platform.members = [member('user-1')]
    await f.tool.roster.sync('publication-1', 'enrol-new')
    expect(f.platform.services.lineItems).toEqual([])
  })

  it('stay unsent when the context has no known line item', async () => {
    const f = await createFixture()
    await f.launch13({
      ...COURSE,
      context: { id: 'c1' },
      membershipsUrl: f.platform.urls.memberships,
    })
    f.platform.members = [member('user-1'), member('user-2')]
    await f.tool.roster.sync('publication-1', 'enrol-new')
    const user2 = await learnerIdOf(f, 'testlms:user-2')
    expect(await f.tool.grades.reportResult(completion(user2))).toEqual({
      status: 'skipped',
      reason: 'no-grade-target',
    })
  })
})

describe('on-launch member sync', () => {
  it('never unenrols the learner whose launch triggered it', async () => {
    const f = await createFixture({
      publication: { memberSync: { trigger: 'on-launch', mode: 'both' } },
    })
    const base = { ...COURSE, context: { id: 'c1' }, membershipsUrl: f.platform.urls.memberships }
    f.platform.members = [member('user-1')]
    await f.launch13({ ...base, subject: 'user-1' })
    // The platform's roster has not caught up with user-2 yet; user-1 has left.
    f.platform.members = [member('user-3')]
    await f.launch13({ ...base, subject: 'user-2' })
    const active = await f.ports.enrolments.listActive('publication-1')
    const ids = await Promise.all(
      active.map(async (e) => (await f.ports.learners.get(e.learnerId))?.externalId),
    )
    expect(ids.sort()).toEqual(['testlms:user-2', 'testlms:user-3'])
  })
})

/** LTI 1.1: the NRPS URL arrives as custom_context_memberships_v2_url; requests are signed. */
async function lti11Roster(options: FixtureOptions = {}, membershipsUrl?: string) {
  const f = await createFixture(options)
  const url = membershipsUrl ?? f.platform.urls.memberships
  const launch = (userId: string) =>
    f.lti11Request(
      { user_id: userId, context_id: 'c1', roles: 'Learner' },
      { custom: { course: 'SAFE-101', context_memberships_v2_url: url } },
    )
  const response = await f.tool.handle(await launch('u1'))
  expect(response.status).toBe(200)
  const active = async () => {
    const enrolments = await f.ports.enrolments.listActive('publication-1')
    const ids = await Promise.all(
      enrolments.map(async (e) => (await f.ports.learners.get(e.learnerId))?.externalId),
    )
    return ids.sort()
  }
  return { f, launch, active }
}

describe('member sync for LTI 1.1 consumers (NRPS, LTI 1.1 binding)', () => {
  it('remembers the context and enrols members who never launched, with OAuth 1.0a signed requests', async () => {
    const { f, active } = await lti11Roster()
    expect(await f.ports.rosterSources.list('publication-1')).toEqual([
      expect.objectContaining({ kind: 'lti11', consumerKey: 'consumer-key-1', contextId: 'c1' }),
    ])
    f.platform.members = ['u1', 'u2', 'u3'].map(member)
    const [result] = await f.tool.roster.sync('publication-1', 'enrol-new')
    expect(result).toMatchObject({ members: 3, enrolled: 2 })
    expect(await active()).toEqual(['moodle1:u1', 'moodle1:u2', 'moodle1:u3'])
    // Two pages, each signed with the consumer key (no access token for LTI 1.1).
    expect(f.platform.services.membershipAuth).toEqual(['oauth1', 'oauth1'])
    expect(f.platform.tokenRequests).toEqual([])
    // Their results cannot go back: the outcome service needs a per-user sourcedid.
    const u2 = await f.ports.learners.findByExternalId('moodle1:u2')
    expect(
      await f.tool.grades.reportResult({ ...completion(u2?.id ?? ''), completed: true }),
    ).toEqual({ status: 'skipped', reason: 'no-grade-target' })
  })

  it.each([
    ['unenrol-missing', ['moodle1:u1']],
    ['both', ['moodle1:u1', 'moodle1:u3']],
  ] as const)('mode %s', async (mode, expected) => {
    const { f, launch, active } = await lti11Roster({
      publication: { memberSync: { trigger: 'off', mode } },
    })
    await f.tool.handle(await launch('u2'))
    f.platform.members = [member('u1'), member('u3')]
    await f.tool.roster.sync('publication-1')
    expect(await active()).toEqual(expected)
  })

  it('syncs on launch when a new user arrives', async () => {
    const { f, launch, active } = await lti11Roster({
      publication: { memberSync: { trigger: 'on-launch', mode: 'enrol-new' } },
    })
    f.platform.members = [member('u1'), member('u2'), member('u5')]
    await f.tool.handle(await launch('u2'))
    expect(await active()).toEqual(['moodle1:u1', 'moodle1:u2', 'moodle1:u5'])
  })

  it.each([
    [
      'an http URL',
      'http://lms.example.test/context/c1/memberships',
      'ERR_LTI_INSECURE_SERVICE_URL',
    ],
    ['a wrong secret (refused signature)', undefined, 'ERR_LTI_UPSTREAM_UNAUTHORIZED'],
  ])('fails the sync for %s, and enrols nobody', async (_name, url, code) => {
    const { f, active } = await lti11Roster({}, url)
    f.platform.members = [member('u1'), member('u2')]
    const key = await f.ports.consumerKeys.find('consumer-key-1')
    if (url === undefined && key !== undefined) {
      // The consumer rotated its secret on the platform since the launch.
      f.ports.consumerKeys.find = () => Promise.resolve({ ...key, secret: 'wrong' })
    }
    await expect(f.tool.roster.sync('publication-1', 'enrol-new')).rejects.toMatchObject({ code })
    expect(await active()).toEqual(['moodle1:u1'])
  })

  it('ignores a memberships parameter that is not a URL, or far too long', async () => {
    for (const url of ['not a url', `https://lms.example.test/${'x'.repeat(3000)}`]) {
      const { f } = await lti11Roster({}, url)
      expect(await f.ports.rosterSources.list()).toEqual([])
    }
  })

  it('refuses a next page on another origin', async () => {
    const hostile = 'https://hostile.example/memberships'
    const { f } = await lti11Roster(
      {
        tool: {
          fetch: () => {
            const page = buildMembershipPage({
              id: hostile,
              context: { id: 'c1' },
              members: [member('u1')],
              next: 'https://elsewhere.example/memberships?page=2',
            })
            return Promise.resolve(membershipPageResponse(page))
          },
        },
      },
      hostile,
    )
    await expect(f.tool.roster.sync('publication-1', 'enrol-new')).rejects.toMatchObject({
      code: 'ERR_LTI_PAGING_UNSAFE_LINK',
    })
  })
})
