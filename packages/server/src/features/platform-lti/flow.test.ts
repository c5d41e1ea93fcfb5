/**
 * The runtime end to end over real HTTP, with a tool built from `@ltihub/core` only: a connection
 * configured through the connections repository, a teacher deep-linking two items into an
 * assignment, a student launching (login initiation → authentication request → id_token verified
 * by the tool with the platform JWKS), the tool posting a score, and the grade book showing
 * percentage × points possible. NRPS lists a student who never launched.
 */
import { CLAIM, type LtiLaunchMessage, SCOPE } from '@ltihub/core'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { findGradeEntry } from '../school/index.js'
import { deepLinkTwoItems } from './testing/flows.js'
import { frameSrc, type RuntimeWorld, startRuntimeWorld } from './testing/harness.js'

const dialects = await testDialects()

describe.each(dialects)('platform LTI runtime flow on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('deep links, launches, takes a score and shows percentage × points possible', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server } = world
    const teacher = world.browser()
    await teacher.signIn(fixture.teacher.id)
    const { returned } = await deepLinkTwoItems(world, teacher)
    expect(returned.status).toBe(200)
    expect(await returned.text()).toContain('2 item(s) added')

    const view = await teacher.fetch(
      `${world.base}/console/platform/assignments/${fixture.pointsAssignment.id}`,
    )
    expect(view.status).toBe(200)
    const viewHtml = await view.text()
    expect(viewHtml).toContain('Chapter 3 quiz')
    expect(viewHtml).toContain('diagram.png')
    const link = await server.context.db
      .selectFrom('lti_resource_links')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(link.assignment_id).toBe(fixture.pointsAssignment.id)

    const student = world.browser()
    await student.signIn(fixture.student.id)
    const page = await student.fetch(`${world.base}/platform/launch/${link.id}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain(`frame-src ${tool.origin}`)
    const { tool: launched } = await student.followLogin(frameSrc(await page.text()))
    expect(launched.status).toBe(200)
    expect(tool.logins.at(-1)?.ltiStorageTarget).toBe('_parent')
    const message = tool.launches.at(-1) as LtiLaunchMessage
    expect(message.sub).toBe(fixture.student.id)
    expect(message[CLAIM.resourceLink]).toMatchObject({ id: link.id, title: 'Chapter 3 quiz' })
    expect(message[CLAIM.targetLinkUri]).toBe(`${tool.origin}/launch?quiz=3`)
    const ags = message[CLAIM.agsEndpoint] as { lineitem: string; lineitems: string }
    expect(ags.lineitem).toContain('/platform/contexts/')

    const token = await tool.accessToken([
      SCOPE.score,
      SCOPE.resultReadOnly,
      SCOPE.contextMembershipReadOnly,
    ])
    const scored = await fetch(
      tool.scoreRequest(ags.lineitem, token.accessToken, {
        userId: fixture.student.id,
        scoreGiven: 7,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
    )
    expect(scored.status).toBe(204)
    const grade = await findGradeEntry(
      server.context.db,
      fixture.pointsAssignment.id,
      fixture.student.id,
    )
    // 7 / 10 = 70 % of the assignment's 20 points possible.
    expect(grade).toMatchObject({ points: 14, pointsPossible: 20, source: 'lti-ags' })

    const results = await fetch(`${ags.lineitem}/results`, {
      headers: { authorization: `Bearer ${token.accessToken}` },
    })
    expect(await results.json()).toMatchObject([
      { userId: fixture.student.id, resultScore: 7, resultMaximum: 10 },
    ])

    const nrps = message[CLAIM.nrpsService] as { context_memberships_url: string }
    const members = await tool.members(nrps.context_memberships_url, token.accessToken)
    const byId = new Map(members.members.map((m) => [m.user_id, m]))
    // Never launched the tool, on the roster all the same.
    expect(byId.get(fixture.assistant.id)?.status).toBe('Active')
    expect(byId.get(fixture.formerStudent.id)?.status).toBe('Inactive')
    expect(byId.has(fixture.student.id)).toBe(true)
  })
})
