import { describe, expect, it } from 'vitest'
import type { Member } from '../internal/core.js'
import type { MemberSyncMode } from '../records.js'
import { createFixture, type FixtureOptions } from '../testing/fixture.js'
import { ROLE } from '../testing/flows.js'

const member = (id: string, extra: Partial<Member> = {}): Member => ({
  user_id: id,
  roles: [ROLE.learner],
  given_name: `Given ${id}`,
  family_name: `Family ${id}`,
  ...extra,
})

/** A learner launched (so the platform context and its NRPS endpoint are known), then a roster. */
async function withRoster(options: FixtureOptions = {}) {
  const f = await createFixture(options)
  await f.launch13({
    custom: { course: 'SAFE-101' },
    subject: 'user-1',
    context: { id: 'c1' },
    membershipsUrl: f.platform.urls.memberships,
  })
  const externalIds = () =>
    f.ports.learners
      .learners()
      .map((l) => l.externalId)
      .sort()
  const active = async () => {
    const enrolments = await f.ports.enrolments.listActive('publication-1')
    const ids = await Promise.all(
      enrolments.map(async (e) => (await f.ports.learners.get(e.learnerId))?.externalId),
    )
    return ids.sort()
  }
  return { f, externalIds, active }
}

describe('member sync (NRPS)', () => {
  it('enrols every member, including those who never launched, across pages', async () => {
    const { f, active } = await withRoster()
    f.platform.members = ['user-1', 'user-2', 'user-3', 'user-4', 'user-5'].map((id) => member(id))
    const [result] = await f.tool.roster.sync('publication-1', 'enrol-new')
    expect(result).toMatchObject({ members: 5, enrolled: 4, unenrolled: 0, refused: [] })
    expect(await active()).toEqual([
      'testlms:user-1',
      'testlms:user-2',
      'testlms:user-3',
      'testlms:user-4',
      'testlms:user-5',
    ])
    expect(await f.ports.learners.findByExternalId('testlms:user-3')).toMatchObject({
      givenName: 'Given user-3',
      defaults: { country: 'NL' },
    })
    expect((await f.ports.enrolments.licenceCounts())[0]?.subscriptions).toBe(5)
    expect(f.platform.tokenRequests.map((t) => t.scope)).toEqual([
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ])
  })

  it.each<[MemberSyncMode, string[]]>([
    ['enrol-new', ['testlms:user-1', 'testlms:user-2', 'testlms:user-3']],
    ['unenrol-missing', ['testlms:user-2']],
    ['both', ['testlms:user-2', 'testlms:user-3']],
  ])('mode %s', async (mode, expected) => {
    const { f, active } = await withRoster({
      publication: { memberSync: { trigger: 'off', mode } },
    })
    await f.launch13({ custom: { course: 'SAFE-101' }, subject: 'user-2', context: { id: 'c1' } })
    f.platform.members = [
      member('user-2'),
      member('user-3'),
      member('user-4', { status: 'Inactive' }),
    ]
    await f.tool.roster.sync('publication-1')
    expect(await active()).toEqual(expected)
  })

  it('leaves enrolments from other consumers and contexts alone', async () => {
    const { f, active } = await withRoster({
      publication: { memberSync: { trigger: 'off', mode: 'unenrol-missing' } },
    })
    await f.tool.handle(
      await f.lti11Request(
        { user_id: 'u11', context_id: 'c1' },
        { custom: { course: 'SAFE-101' } },
      ),
    )
    await f.launch13({
      custom: { course: 'SAFE-101' },
      subject: 'user-9',
      context: { id: 'other-context' },
    })
    f.platform.members = [member('user-2')]
    await f.tool.roster.sync('publication-1')
    expect(await active()).toEqual(['moodle1:u11', 'testlms:user-9'])
  })

  it('unenrols nobody when the platform returns an empty roster', async () => {
    const { f, active } = await withRoster()
    f.platform.members = []
    const [result] = await f.tool.roster.sync('publication-1', 'both')
    expect(result).toMatchObject({ members: 0, unenrolled: 0 })
    expect(await active()).toEqual(['testlms:user-1'])
  })

  it('reports members the publication refuses, and enrols the rest', async () => {
    const { f, active } = await withRoster({ publication: { maxEnrolledUsers: 2 } })
    f.platform.members = [member('user-1'), member('user-2'), member('user-3')]
    const [result] = await f.tool.roster.sync('publication-1', 'enrol-new')
    expect(result?.refused).toEqual([{ userId: 'user-3', code: 'ERR_LTI_ENROLMENT_FULL' }])
    expect(await active()).toEqual(['testlms:user-1', 'testlms:user-2'])
  })

  it('syncs on launch when a new user arrives, if the publication says so', async () => {
    const f = await createFixture({
      publication: { memberSync: { trigger: 'on-launch', mode: 'enrol-new' } },
    })
    f.platform.members = [member('user-1'), member('user-2')]
    await f.launch13({
      custom: { course: 'SAFE-101' },
      subject: 'user-1',
      context: { id: 'c1' },
      membershipsUrl: f.platform.urls.memberships,
    })
    expect(f.ports.learners.learners()).toHaveLength(2)
    f.platform.members = [member('user-1'), member('user-2'), member('user-3')]
    // A returning user does not trigger a sync.
    await f.launch13({
      custom: { course: 'SAFE-101' },
      subject: 'user-1',
      context: { id: 'c1' },
      membershipsUrl: f.platform.urls.memberships,
    })
    expect(f.ports.learners.learners()).toHaveLength(2)
  })

  it('keeps the launch when the on-launch sync fails, and reports it', async () => {
    const events: string[] = []
    const f = await createFixture({
      publication: { memberSync: { trigger: 'on-launch', mode: 'both' } },
      tool: { onEvent: (event) => events.push(event.type) },
    })
    const { response } = await f.launch13({
      custom: { course: 'SAFE-101' },
      context: { id: 'c1' },
      membershipsUrl: 'https://lms.example.test/context/c1/broken',
    })
    expect(response.status).toBe(200)
    expect(events).toContain('roster.failed')
  })

  it('runs the scheduled task only for publications that sync on a schedule', async () => {
    const { f, externalIds } = await withRoster()
    f.platform.members = [member('user-1'), member('user-2')]
    expect(await f.tool.roster.syncScheduled()).toEqual([])
    expect(externalIds()).toEqual(['testlms:user-1'])
    const g = await withRoster({
      publication: { memberSync: { trigger: 'scheduled', mode: 'enrol-new' } },
    })
    g.f.platform.members = [member('user-1'), member('user-2')]
    expect(await g.f.tool.roster.syncScheduled()).toHaveLength(1)
    expect(g.externalIds()).toEqual(['testlms:user-1', 'testlms:user-2'])
  })
})
