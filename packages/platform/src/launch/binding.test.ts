/**
 * The launching browser, recognised without a session cookie: a tool framed on another site
 * comes back to the authorization endpoint with the host's launch binding value only. A hint
 * issued to one browser and person never completes in another (login CSRF).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { startDeepLinking } from '../deep-linking/start.js'
import { createTestTool, readAutoPost, type TestTool } from '../testing/test-tool.js'
import { createWorld, WORLD_CONTEXT, WORLD_LINK, type World } from '../testing/world.js'
import { type BrowserSession, handleAuthenticationRequest } from './authorize.js'
import { bindingDigest } from './hint.js'
import { startLaunch } from './start.js'

let world: World
let tool: TestTool
let rejected: string[]

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
  rejected = []
})

const ALICE_BROWSER = 'binding-of-the-teachers-browser-0000000000'
const BOB_BROWSER = 'binding-of-the-students-browser-0000000000'

async function startFor(userId: string, browserBinding?: string) {
  return startLaunch(world.deps, {
    userId,
    target: { kind: 'resource-link', resourceLinkId: WORLD_LINK.id },
    presentation: 'iframe',
    storageTarget: '_parent',
    ...(browserBinding === undefined ? {} : { browserBinding }),
  })
}

async function answer(url: string, browser: BrowserSession) {
  const { request } = tool.authenticationRequest(url)
  const response = await handleAuthenticationRequest(request, world.deps, browser, {
    onRejected: (error) => rejected.push(error.code),
  })
  return readAutoPost(response)
}

describe('launch binding', () => {
  it('completes a framed launch from the binding alone (no session cookie in the frame)', async () => {
    const start = await startFor('u-teacher', ALICE_BROWSER)
    const fields = await answer(start.url, { userId: undefined, browserBinding: ALICE_BROWSER })
    expect(fields).toHaveProperty('id_token')
    expect(fields['lti_storage_target']).toBe('_parent')
    expect(rejected).toEqual([])
  })

  it('stores only the digest of the binding value', async () => {
    const start = await startFor('u-teacher', ALICE_BROWSER)
    const intent = world.launchIntents.records.get(start.intentId)
    expect(intent?.browserBinding).toBe(await bindingDigest(ALICE_BROWSER))
    expect(JSON.stringify(intent)).not.toContain(ALICE_BROWSER)
  })

  it("refuses a hint made for another person in this person's browser (login CSRF)", async () => {
    // The attacker (the student) starts a launch and sends its URL to the teacher's browser.
    const start = await startFor('u-student', BOB_BROWSER)
    const framed = await answer(start.url, { userId: undefined, browserBinding: ALICE_BROWSER })
    expect(framed).toMatchObject({ error: 'access_denied' })
    expect(framed).not.toHaveProperty('id_token')
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_FOREIGN'])
  })

  it('refuses it before consuming when another person is signed in', async () => {
    const start = await startFor('u-student', BOB_BROWSER)
    const fields = await answer(start.url, { userId: 'u-teacher', browserBinding: ALICE_BROWSER })
    expect(fields).toMatchObject({ error: 'access_denied' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_FOREIGN'])
    expect(world.launchIntents.records.has(start.intentId)).toBe(true)
  })

  it('asks for login, keeping the launch, when neither a session nor a binding comes', async () => {
    const start = await startFor('u-teacher', ALICE_BROWSER)
    const fields = await answer(start.url, { userId: undefined })
    expect(fields).toMatchObject({ error: 'login_required' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LOGIN_REQUIRED'])
    expect(world.launchIntents.records.has(start.intentId)).toBe(true)
  })

  it('refuses a binding when the launch was started without one', async () => {
    const start = await startFor('u-teacher')
    const fields = await answer(start.url, { userId: undefined, browserBinding: ALICE_BROWSER })
    expect(fields).toMatchObject({ error: 'access_denied' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_FOREIGN'])
  })

  it('accepts the session of the same person where the binding did not come back', async () => {
    const start = await startFor('u-teacher', ALICE_BROWSER)
    expect(await answer(start.url, { userId: 'u-teacher' })).toHaveProperty('id_token')
  })

  it('refuses a second use from the right browser', async () => {
    const start = await startFor('u-teacher', ALICE_BROWSER)
    const browser = { userId: undefined, browserBinding: ALICE_BROWSER }
    expect(await answer(start.url, browser)).toHaveProperty('id_token')
    expect(await answer(start.url, browser)).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_REPLAYED'])
  })

  it('binds a deep linking request the same way', async () => {
    const start = await startDeepLinking(world.deps, {
      userId: 'u-teacher',
      connectionId: WORLD_LINK.connectionId,
      contextId: WORLD_CONTEXT.id,
      presentation: 'iframe',
      browserBinding: ALICE_BROWSER,
    })
    const foreign = await answer(start.url, { userId: undefined, browserBinding: BOB_BROWSER })
    expect(foreign).toMatchObject({ error: 'access_denied' })
    const again = await startDeepLinking(world.deps, {
      userId: 'u-teacher',
      connectionId: WORLD_LINK.connectionId,
      contextId: WORLD_CONTEXT.id,
      presentation: 'iframe',
      browserBinding: ALICE_BROWSER,
    })
    const fields = await answer(again.url, { userId: undefined, browserBinding: ALICE_BROWSER })
    expect(fields).toHaveProperty('id_token')
  })
})
