import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import {
  launch13,
  learnerUrl,
  postLaunch13,
  prepareLaunch13,
  publish,
  reach,
  setUpTool,
  type ToolAddress,
  toolAddress,
} from './testing/flow.js'
import { TestPlatform } from './testing/test-platform.js'

const teacher = {
  id: 't-1',
  givenName: 'Tess',
  familyName: 'Teacher',
  email: 'tess@example.test',
  roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
}

describe('deep linking over HTTP', () => {
  let server: TestServer
  let platform: TestPlatform
  let tool: ToolAddress
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    tool = toolAddress(server)
    await publish(server.context, await setUpTool(server.context, platform))
  })
  afterAll(async () => {
    await server.close()
    await platform.close()
  })

  it('an instructor picks the published course; the platform verifies the signed items and launches one', async () => {
    const picker = await postLaunch13(
      await prepareLaunch13(platform, tool, teacher, {}, 'deep-linking'),
    )
    expect(picker.status).toBe(200)
    const html = await picker.text()
    const session = /name="session" value="([^"]+)"/.exec(html)?.[1]
    const item = /name="item" value="([^"]+)"/.exec(html)?.[1]
    expect(session).toBeDefined()
    expect(item).toBeDefined()
    const action = /<form id="ltihub-picker" method="post" action="([^"]+)"/.exec(html)?.[1] ?? ''
    const response = await fetch(reach(tool, action), {
      method: 'POST',
      body: new URLSearchParams({ session: session ?? '', item: item ?? '', action: 'add' }),
    })
    const form = await response.text()
    expect(form).toContain(`action="${platform.origin}/deep-linking/return"`)
    const jwt = /name="JWT" value="([^"]+)"/.exec(form)?.[1] ?? ''
    const verified = await platform.verifyDeepLinking(jwt)
    expect(verified.data).toBe('platform-opaque-data')
    expect(verified.items).toHaveLength(1)
    const [link] = verified.items
    expect(link?.type).toBe('ltiResourceLink')
    const custom =
      link !== undefined && 'custom' in link ? (link.custom as Record<string, string>) : {}
    expect(Object.keys(custom).length).toBeGreaterThan(0)

    // The platform launches the created link with the custom parameters the tool gave it.
    const learner = {
      id: 'u-30',
      givenName: 'Lea',
      familyName: 'Learner',
      email: 'lea@example.test',
    }
    const course = learnerUrl(tool, await launch13(platform, tool, learner, custom))
    expect(await (await fetch(course)).text()).toContain('Safe Lab Practice')
  })

  it('a picker post with an unknown session gets a coded page', async () => {
    const response = await fetch(`${server.url}/tool/lti/deep-linking`, {
      method: 'POST',
      body: new URLSearchParams({ session: 'x'.repeat(32), item: 'y', action: 'add' }),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(await response.text()).toMatch(/<code id="ltihub-error-code">ERR_LTI_[A-Z_]+<\/code>/)
  })
})
