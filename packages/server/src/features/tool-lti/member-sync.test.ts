import type { MemberSyncMode } from '@ltihub/tool'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { getActivity, markCompleted } from '../tool-content/repository.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import {
  launch11,
  launch13,
  learnerUrl,
  LMS11_PREFIX,
  LMS13_PREFIX,
  publish,
  setUpTool,
  type ToolAddress,
  toolAddress,
  type ToolWorld,
} from './testing/flow.js'
import { type PlatformUser, TestPlatform } from './testing/test-platform.js'
import { ltiToolOf } from './tool.js'

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const ada: PlatformUser = { id: 'u-1', givenName: 'Ada', familyName: 'L', email: 'a@x.test' }
const alan: PlatformUser = { id: 'u-2', givenName: 'Alan', familyName: 'T', email: 't@x.test' }
const member = (id: string) => ({ user_id: id, roles: [LEARNER], status: 'Active' as const })
const COURSE = { course: DEMO_COURSE_EXTERNAL_ID }

describe('member sync over HTTP with an independent platform', () => {
  let server: TestServer
  let platform: TestPlatform
  let world: ToolWorld
  let tool: ToolAddress
  beforeEach(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    world = await setUpTool(server.context, platform)
    tool = toolAddress(server)
  })
  afterEach(async () => {
    await server.close()
    await platform.close()
  })

  /** External IDs of the publication's active enrolments. */
  async function activeMembers(publicationId: string): Promise<string[]> {
    const rows = await server.context.db
      .selectFrom('tool_enrolments')
      .innerJoin('tool_learners', 'tool_learners.id', 'tool_enrolments.learner_id')
      .select('tool_learners.external_id')
      .where('tool_enrolments.publication_id', '=', publicationId)
      .where('tool_enrolments.status', '=', 'active')
      .execute()
    return rows.map((row) => row.external_id).sort()
  }

  it.each<[MemberSyncMode, string[]]>([
    ['enrol-new', ['u-1', 'u-2', 'm-9']],
    ['unenrol-missing', ['u-2']],
    ['both', ['u-2', 'm-9']],
  ])('a launch with the NRPS claim syncs on launch, mode %s', async (mode, expected) => {
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'on-launch', mode },
    })
    platform.members = [member('u-1')]
    learnerUrl(tool, await launch13(platform, tool, ada, COURSE))
    // Ada left the course; Alan arrives, and m-9 never launched.
    platform.members = [member('u-2'), member('m-9')]
    learnerUrl(tool, await launch13(platform, tool, alan, COURSE))
    expect(await activeMembers(publication.id)).toEqual(
      expected.map((id) => `${LMS13_PREFIX}:${id}`).sort(),
    )
    expect(platform.membershipAuth).toEqual(['bearer', 'bearer'])
  })

  it('a returning learner does not sync again', async () => {
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'on-launch', mode: 'enrol-new' },
    })
    platform.members = [member('u-1')]
    learnerUrl(tool, await launch13(platform, tool, ada, COURSE))
    platform.members = [member('u-1'), member('m-9')]
    learnerUrl(tool, await launch13(platform, tool, ada, COURSE))
    expect(await activeMembers(publication.id)).toEqual([`${LMS13_PREFIX}:u-1`])
  })

  it('a member who never launched completes the course: the platform receives an AGS score for their user_id', async () => {
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'scheduled', mode: 'enrol-new' },
    })
    platform.members = [member('u-2'), { ...member('m-9'), given_name: 'Grace' }]
    learnerUrl(tool, await launch13(platform, tool, alan, COURSE))
    const lti = ltiToolOf(server.context)
    await lti.roster.syncScheduled()
    const grace = await server.context.db
      .selectFrom('tool_learners')
      .selectAll()
      .where('external_id', '=', `${LMS13_PREFIX}:m-9`)
      .executeTakeFirstOrThrow()
    expect(grace.given_name).toBe('Grace')
    // Grace works in the learning application (no LTI launch): what the quiz page does.
    const quiz = await getActivity(server.context.db, world.quizId)
    if (quiz === undefined) throw new Error('no quiz')
    const now = server.context.clock()
    await markCompleted(
      server.context.db,
      grace.id,
      quiz,
      { score: 0.6, correct: 3, total: 5 },
      now,
    )
    const outcome = await lti.grades.reportResult({
      publicationId: publication.id,
      learnerId: grace.id,
      activityId: quiz.id,
      score: 0.6,
      completed: true,
      at: now,
    })
    expect(outcome.status).toBe('queued')
    expect((await lti.grades.deliverDue()).delivered).toBe(1)
    expect(platform.scores).toEqual([
      {
        lineItemUrl: platform.urls.lineItem,
        score: expect.objectContaining({
          userId: 'm-9',
          scoreGiven: 0.6,
          scoreMaximum: 1,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        }) as unknown,
      },
    ])
  })

  it('LTI 1.1: syncs the context named by custom_context_memberships_v2_url, signed with the consumer secret', async () => {
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'scheduled', mode: 'both' },
    })
    const custom = { ...COURSE, context_memberships_v2_url: platform.urls.memberships }
    learnerUrl(tool, await launch11(platform, tool, '/tool/lti/launch', ada, { custom }))
    learnerUrl(tool, await launch11(platform, tool, '/tool/lti/launch', alan, { custom }))
    platform.members = [member('u-2'), member('m-9')]
    const [result] = await ltiToolOf(server.context).roster.syncScheduled()
    expect(result).toMatchObject({ enrolled: 1, unenrolled: 1 })
    expect(await activeMembers(publication.id)).toEqual([
      `${LMS11_PREFIX}:m-9`,
      `${LMS11_PREFIX}:u-2`,
    ])
    expect(platform.membershipAuth).toEqual(['oauth1'])
  })
})
