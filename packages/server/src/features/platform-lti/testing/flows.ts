/** Flows several HTTP tests share. */
import { CLAIM, type LtiLaunchMessage, MESSAGE_TYPE } from '@ltihub/core'
import { expect } from 'vitest'
import { type Browser, frameSrc, type RuntimeWorld } from './harness.js'

/**
 * The teacher deep-links a resource link (with a line item) and an image into the assignment.
 * `framed`: the tool is on another site, so the authorization request and the return post
 * carry no Lax session cookie.
 */
export async function deepLinkTwoItems(
  world: RuntimeWorld,
  teacher: Browser,
  options: { readonly framed?: boolean } = {},
) {
  const framed = options.framed === true
  const { fixture, tool } = world
  const assignmentId = fixture.pointsAssignment.id
  const page = await teacher.postForm(
    `${world.base}/console/platform/assignments/${assignmentId}/add-tool-content`,
    { connectionId: world.connectionId },
  )
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('lti.put_data')
  const { tool: launched } = await teacher.followLogin(frameSrc(html), framed)
  expect(launched.status).toBe(200)
  const request = tool.launches.at(-1) as LtiLaunchMessage
  expect(request[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
  const dl = await tool.deepLinkingResponse(request, [
    {
      type: 'ltiResourceLink',
      title: 'Chapter 3 quiz',
      url: `${tool.origin}/launch?quiz=3`,
      lineItem: { scoreMaximum: 10, label: 'Chapter 3 quiz', resourceId: 'quiz-3', tag: 'grade' },
    },
    { type: 'image', url: `${tool.origin}/diagram.png`, width: 320, height: 200 },
  ])
  const returned = await teacher.postForm(dl.returnUrl, { JWT: dl.jwt }, framed)
  return { returned, dl, request }
}

/** Deep links the two items, then launches the resource link as the fixture's student. */
export async function placedAndLaunched(world: RuntimeWorld) {
  const teacher = world.browser()
  await teacher.signIn(world.fixture.teacher.id)
  await deepLinkTwoItems(world, teacher)
  const link = await world.server.context.db
    .selectFrom('lti_resource_links')
    .selectAll()
    .executeTakeFirstOrThrow()
  const student = world.browser()
  await student.signIn(world.fixture.student.id)
  const page = await student.fetch(`${world.base}/platform/launch/${link.id}`)
  const login = await student.followLogin(frameSrc(await page.text()))
  expect(login.tool.status).toBe(200)
  const message = world.tool.launches.at(-1) as LtiLaunchMessage
  const ags = message[CLAIM.agsEndpoint] as { lineitem: string; lineitems: string }
  return { teacher, student, link, message, ags, login }
}
