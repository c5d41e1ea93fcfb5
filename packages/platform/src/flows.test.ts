/**
 * Platform ↔ tool round trips entirely through Request/Response: the teacher adds a graded quiz
 * by deep linking, a student launches it, the tool posts the score with AGS, and an LTI 1.1 tool
 * grades through Basic Outcomes, all into the same grade book.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { handleResults, handleScores } from './ags/index.js'
import { receiveDeepLinkingResponse, startDeepLinking } from './deep-linking/index.js'
import { buildOutcomeRequest, CLAIM, processOutcomeResponse, SCOPE } from './internal/core.js'
import { buildLti11LaunchForm, handleAuthenticationRequest, startLaunch } from './launch/index.js'
import { handleMemberships } from './nrps/index.js'
import { handleBasicOutcomes } from './outcomes/index.js'
import { createTestTool, readAutoPost, type TestTool } from './testing/test-tool.js'
import { createWorld, TOOL_ORIGIN, type World, WORLD_CONTEXT } from './testing/world.js'

let world: World
let tool: TestTool

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
})

/** The route parameters of a line item URL of the standard layout. */
function lineItemParams(url: string) {
  const match = /\/lti\/contexts\/([^/]+)\/lineitems\/([^/?]+)/.exec(url)
  if (match === null) throw new TypeError(`not a line item URL: ${url}`)
  return {
    contextId: decodeURIComponent(match[1] ?? ''),
    lineItemId: decodeURIComponent(match[2] ?? ''),
  }
}

async function oidcLaunch(url: string, userId: string) {
  const auth = tool.authenticationRequest(url)
  const fields = await readAutoPost(
    await handleAuthenticationRequest(auth.request, world.deps, { userId }),
  )
  return tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
}

describe('LTI 1.3 flow', () => {
  it('deep links a graded quiz, launches it and passes the score back to the grade book', async () => {
    // 1. The teacher aligns a quiz from the tool with the points assignment "Quiz 7".
    const dl = await startDeepLinking(world.deps, {
      userId: 'u-teacher',
      connectionId: 'conn-quiz',
      contextId: WORLD_CONTEXT.id,
      assignmentId: 'asg-quiz-7',
      presentation: 'iframe',
    })
    const request = await oidcLaunch(dl.url, 'u-teacher')
    const created = await receiveDeepLinkingResponse(
      await tool.deepLinkingReturn(request, [
        {
          type: 'ltiResourceLink',
          title: 'Cells quiz',
          url: `${TOOL_ORIGIN}/quiz/cells`,
          lineItem: { scoreMaximum: 50 },
        },
      ]),
      world.deps,
      { sessionId: dl.sessionId, currentUserId: 'u-teacher' },
    )
    const link = created.resourceLinks[0]
    if (link === undefined) throw new TypeError('a link was created')

    // 2. The student launches it; the message names the line item.
    const start = await startLaunch(world.deps, {
      userId: 'u-student',
      target: { kind: 'resource-link', resourceLinkId: link.id },
      presentation: 'iframe',
      storageTarget: '_parent',
    })
    const launch = await oidcLaunch(start.url, 'u-student')
    const ags = launch[CLAIM.agsEndpoint]
    const lineItemUrl = ags?.lineitem ?? ''
    expect(lineItemUrl).toMatch(/\/lineitems\/li-1$/)

    // 3. The tool checks the roster and posts the final score.
    const token = await tool.accessToken([
      SCOPE.score,
      SCOPE.resultReadOnly,
      SCOPE.contextMembershipReadOnly,
    ])
    const roster = await handleMemberships(
      tool.serviceRequest(launch[CLAIM.nrpsService]?.context_memberships_url ?? '', token),
      world.deps,
      { contextId: WORLD_CONTEXT.id },
    )
    expect(((await roster.json()) as { members: unknown[] }).members.length).toBeGreaterThan(0)
    const scored = await handleScores(
      tool.serviceRequest(`${lineItemUrl}/scores`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({
          userId: launch.sub,
          scoreGiven: 40,
          scoreMaximum: 50,
          timestamp: '2025-01-15T09:59:00.000Z',
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        }),
      }),
      world.deps,
      lineItemParams(lineItemUrl),
    )
    expect(scored.status).toBe(204)

    // 4. The grade book holds 80 % of Quiz 7's 20 points; the result reads back on the item's scale.
    expect(await world.gradeBook.read('asg-quiz-7', 'u-student')).toMatchObject({
      points: 16,
      pointsPossible: 20,
    })
    const results = await handleResults(
      tool.serviceRequest(`${lineItemUrl}/results`, token),
      world.deps,
      lineItemParams(lineItemUrl),
    )
    expect(await results.json()).toEqual([
      expect.objectContaining({ userId: 'u-student', resultScore: 40, resultMaximum: 50 }),
    ])
  })
})

describe('LTI 1.1 flow', () => {
  it('launches with an outcome service and takes the score through Basic Outcomes', async () => {
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target: { kind: 'resource-link', resourceLinkId: 'rl-quiz-7' },
      presentation: 'window',
    })
    const fields = Object.fromEntries(form.fields)
    const response = await handleBasicOutcomes(
      await buildOutcomeRequest({
        serviceUrl: fields.lis_outcome_service_url ?? '',
        consumerKey: 'quizzly-key',
        secret: 'quizzly-secret',
        operation: {
          operation: 'replaceResult',
          sourcedId: fields.lis_result_sourcedid ?? '',
          score: 0.85,
        },
        clock: world.deps.clock,
      }),
      world.deps,
    )
    expect((await processOutcomeResponse(response)).codeMajor).toBe('success')
    expect(await world.gradeBook.read('asg-quiz-7', 'u-student')).toMatchObject({ points: 17 })
  })
})
