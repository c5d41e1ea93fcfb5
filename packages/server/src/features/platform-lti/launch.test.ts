/**
 * Launch refusals over real HTTP: replayed or foreign `lti_message_hint`, a `login_hint` of another
 * user, untrusted clients and redirect URIs, a replayed deep linking response, users without the
 * External Learning Tools right, and launches without a session.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { deepLinkTwoItems, placedAndLaunched } from './testing/flows.js'
import { autoPostForm, frameSrc, type RuntimeWorld, startRuntimeWorld } from './testing/harness.js'

const dialects = await testDialects()

async function countRows(world: RuntimeWorld) {
  const { db } = world.server.context
  const count = async (
    table:
      | 'lti_resource_links'
      | 'lti_embedded_content'
      | 'lti_line_items'
      | 'lti_launch_intents'
      | 'lti_deep_linking_sessions',
  ) =>
    (await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      .n
  return {
    links: Number(await count('lti_resource_links')),
    content: Number(await count('lti_embedded_content')),
    lineItems: Number(await count('lti_line_items')),
    intents: Number(await count('lti_launch_intents')),
    sessions: Number(await count('lti_deep_linking_sessions')),
  }
}

describe.each(dialects)('platform LTI launches on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('refuses a replayed lti_message_hint and a login_hint of another user', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { link, student, teacher, login } = await placedAndLaunched(world)
    // The same authentication request again: the launch intent was consumed.
    const replay = autoPostForm(await (await student.fetch(login.authUrl)).text())
    expect(replay.action).toBe(world.tool.redirectUri)
    expect(replay.fields).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(replay.fields['id_token']).toBeUndefined()

    // The student's launch, but the teacher's browser answers the tool's redirect.
    const page = await student.fetch(`${world.base}/platform/launch/${link.id}`)
    const initiation = await student.fetch(frameSrc(await page.text()))
    const authUrl = initiation.headers.get('location') ?? ''
    const foreign = autoPostForm(await (await teacher.fetch(authUrl)).text())
    expect(foreign.fields).toMatchObject({ error: 'access_denied' })
    expect(foreign.fields['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_FOREIGN')
    const anonymous = autoPostForm(await (await fetch(authUrl, { redirect: 'manual' })).text())
    expect(anonymous.fields).toMatchObject({ error: 'login_required' })
    // Checked before the hint is consumed: the student can still finish the launch.
    const finished = autoPostForm(await (await student.fetch(authUrl)).text())
    expect(finished.fields['id_token']).toBeDefined()
    const toolAnswer = await student.postForm(finished.action, finished.fields)
    expect(toolAnswer.status).toBe(200)
  })

  it('never redirects to an unknown client or an unregistered redirect URI', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { link, student } = await placedAndLaunched(world)
    const page = await student.fetch(`${world.base}/platform/launch/${link.id}`)
    const initiation = await student.fetch(frameSrc(await page.text()))
    const authUrl = new URL(initiation.headers.get('location') ?? '')
    const tampered = (name: string, value: string) => {
      const url = new URL(authUrl)
      url.searchParams.set(name, value)
      return student.fetch(url.href)
    }
    for (const response of [
      await tampered('client_id', 'no-such-client'),
      await tampered('redirect_uri', 'https://attacker.example/launch'),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.headers.get('location')).toBeNull()
      expect(await response.text()).not.toContain('id_token')
    }
    // A new window gets the login initiation by redirect, without platform storage.
    const windowed = await student.fetch(
      `${world.base}/platform/launch/${link.id}?presentation=window`,
    )
    expect(windowed.status).toBe(303)
    const location = new URL(windowed.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe(world.tool.loginUrl)
    expect(location.searchParams.get('lti_storage_target')).toBeNull()
    expect(location.searchParams.get('lti_message_hint')).toBeTruthy()
    const wrongType = autoPostForm(await (await tampered('response_type', 'code')).text())
    expect(wrongType.fields['error']).toBeDefined()
    expect(wrongType.fields['id_token']).toBeUndefined()
  })

  it('takes a deep linking response once and only from a teacher with the tool right', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const teacher = world.browser()
    await teacher.signIn(world.fixture.teacher.id)
    const { returned, dl } = await deepLinkTwoItems(world, teacher)
    expect(returned.status).toBe(200)
    const before = await countRows(world)
    expect(before).toMatchObject({ links: 1, content: 1, lineItems: 1, sessions: 0 })

    const replayed = await teacher.postForm(dl.returnUrl, { JWT: dl.jwt })
    expect(replayed.status).toBe(400)
    expect(await replayed.text()).toContain('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID')
    const garbage = await teacher.postForm(dl.returnUrl, { JWT: 'not.a.jwt' })
    expect(garbage.status).toBeGreaterThanOrEqual(400)
    expect(await countRows(world)).toEqual(before)

    // A teacher without "External Learning Tools", and a student: refused before any state is kept.
    const add = `${world.base}/console/platform/assignments/${world.fixture.pointsAssignment.id}/add-tool-content`
    const assistant = world.browser()
    await assistant.signIn(world.fixture.assistant.id)
    const noRight = await assistant.postForm(add, { connectionId: world.connectionId })
    expect(noRight.status).toBe(403)
    expect(await noRight.text()).toContain('ERR_LTI_PLATFORM_NO_TOOL_RIGHTS')
    const student = world.browser()
    await student.signIn(world.fixture.student.id)
    expect((await student.postForm(add, { connectionId: world.connectionId })).status).toBe(403)
    expect(await countRows(world)).toEqual(before)
  })

  it('sends a user without a session to sign in and refuses unknown links', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const anonymous = await fetch(`${world.base}/platform/launch/some-link`, { redirect: 'manual' })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toMatch(/^\/console\/sign-in\?next=/)
    const student = world.browser()
    await student.signIn(world.fixture.student.id)
    const unknown = await student.fetch(`${world.base}/platform/launch/some-link`)
    expect(unknown.status).toBe(404)
    const badPresentation = await student.fetch(
      `${world.base}/platform/launch/x?presentation=popup`,
    )
    expect(badPresentation.status).toBe(400)
    expect((await countRows(world)).intents).toBe(0)
    // A development instance (http on loopback) serves its Dynamic Registration document.
    const configuration = await fetch(`${world.base}/platform/.well-known/openid-configuration`)
    expect(configuration.status).toBe(200)
    expect(await configuration.json()).toMatchObject({
      registration_endpoint: `${world.base}/platform/register`,
    })
  })
})
