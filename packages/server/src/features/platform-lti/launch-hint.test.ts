/**
 * Framed launches across sites over real HTTP: the tool's redirect to `/platform/authorize` inside
 * a frame carries only `SameSite=None` cookies, so the launch binding cookie and the signed
 * `lti_message_hint` identify the launching browser and person. Each refusal (replayed, another
 * person's, expired, tampered hint) carries its stable code in the OIDC error description.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { deepLinkTwoItems } from './testing/flows.js'
import {
  autoPostForm,
  type Browser,
  frameSrc,
  type RuntimeWorld,
  startRuntimeWorld,
} from './testing/harness.js'

const dialects = await testDialects()

/** Opens the framed launch page of `linkId` and returns the tool's authentication request URL. */
async function authUrlOf(world: RuntimeWorld, browser: Browser, linkId: string): Promise<string> {
  const page = await browser.fetch(`${world.base}/platform/launch/${linkId}`)
  expect(page.status).toBe(200)
  const initiation = await browser.fetch(frameSrc(await page.text()))
  return initiation.headers.get('location') ?? ''
}

/** The authorization endpoint's answer inside a cross-site frame (SameSite=None cookies only). */
async function framedAnswer(browser: Browser | undefined, authUrl: string) {
  const response =
    browser === undefined
      ? await fetch(authUrl, { redirect: 'manual' })
      : await browser.fetch(authUrl, {}, true)
  return autoPostForm(await response.text()).fields
}

describe.each(dialects)('launch hint and binding on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  async function placed(clock?: () => number) {
    world = await startRuntimeWorld(database(), Date.now(), clock === undefined ? {} : { clock })
    const teacher = world.browser()
    await teacher.signIn(world.fixture.teacher.id)
    await deepLinkTwoItems(world, teacher)
    const link = await world.server.context.db
      .selectFrom('lti_resource_links')
      .select('id')
      .executeTakeFirstOrThrow()
    const student = world.browser()
    await student.signIn(world.fixture.student.id)
    return { world, teacher, student, linkId: link.id }
  }

  it('sets a SameSite=None binding cookie and completes a framed launch without the session', async () => {
    const { world, student, linkId } = await placed()
    const page = await student.fetch(`${world.base}/platform/launch/${linkId}`)
    const setCookie = page.headers.getSetCookie().find((c) => c.startsWith('ltihub_launch='))
    expect(setCookie).toMatch(/; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=None$/)
    const binding = student.cookies.get('ltihub_launch')?.value
    // The next launch page keeps the browser's value (tabs launched together stay bound).
    await student.fetch(`${world.base}/platform/launch/${linkId}`)
    expect(student.cookies.get('ltihub_launch')?.value).toBe(binding)

    const authUrl = await authUrlOf(world, student, linkId)
    const fields = await framedAnswer(student, authUrl)
    expect(fields['id_token']).toBeDefined()
    const replay = await framedAnswer(student, authUrl)
    expect(replay).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(replay['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_REPLAYED')
    expect(replay['id_token']).toBeUndefined()
  })

  it('refuses a hint made for another person, framed or not, and keeps it for its owner', async () => {
    const { world, teacher, student, linkId } = await placed()
    // The student (attacker) starts a launch; the teacher's browser is made to answer it.
    const authUrl = await authUrlOf(world, student, linkId)
    const signedIn = autoPostForm(await (await teacher.fetch(authUrl)).text()).fields
    expect(signedIn).toMatchObject({ error: 'access_denied' })
    expect(signedIn['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_FOREIGN')
    const anonymous = await framedAnswer(undefined, authUrl)
    expect(anonymous['error_description']).toContain('ERR_LTI_PLATFORM_LOGIN_REQUIRED')
    // Both refused before the hint is spent: its owner still completes the launch.
    expect((await framedAnswer(student, authUrl))['id_token']).toBeDefined()

    // In a frame, where only the teacher's binding cookie comes: refused as well.
    const second = await authUrlOf(world, student, linkId)
    await teacher.fetch(`${world.base}/platform/launch/${linkId}`)
    expect(teacher.cookies.has('ltihub_launch')).toBe(true)
    const framed = await framedAnswer(teacher, second)
    expect(framed).toMatchObject({ error: 'access_denied' })
    expect(framed['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_FOREIGN')
    expect(framed['id_token']).toBeUndefined()
  })

  it('refuses an expired hint', async () => {
    const clock = { offset: 0 }
    const { world, student, linkId } = await placed(() => Date.now() + clock.offset)
    const authUrl = await authUrlOf(world, student, linkId)
    clock.offset = 5 * 60_000 + 1_000
    const fields = await framedAnswer(student, authUrl)
    expect(fields).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(fields['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_EXPIRED')
  })

  it('refuses a tampered hint and leaves the real one usable', async () => {
    const { world, student, linkId } = await placed()
    const authUrl = new URL(await authUrlOf(world, student, linkId))
    const hint = authUrl.searchParams.get('lti_message_hint') ?? ''
    const [id = '', expiry = '', mac = ''] = hint.split('.')
    for (const altered of [
      `${id}.${(Number.parseInt(expiry, 36) + 3_600_000).toString(36)}.${mac}`,
      `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${expiry}.${mac}`,
      id,
    ]) {
      const url = new URL(authUrl)
      url.searchParams.set('lti_message_hint', altered)
      const fields = await framedAnswer(student, url.href)
      expect(fields).toMatchObject({ error: 'invalid_request' })
      expect(fields['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID')
    }
    expect((await framedAnswer(student, authUrl.href))['id_token']).toBeDefined()
  })

  it('names the binding cookie __Host- when PUBLIC_URL is https', async () => {
    world = await startRuntimeWorld(database(), Date.now(), {
      publicUrl: 'https://lms.example.test',
    })
    const student = world.browser()
    await student.signIn(world.fixture.student.id)
    const page = await student.fetch(
      `${world.base}/platform/learning-tools/${world.connectionId}/launch?school=${world.fixture.school.id}`,
    )
    const setCookie = page.headers.getSetCookie().find((c) => c.includes('ltihub_launch='))
    expect(setCookie).toMatch(
      /^__Host-ltihub_launch=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=None$/,
    )
  })

  it('completes a framed deep linking request and its return without the session cookie', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const teacher = world.browser()
    await teacher.signIn(world.fixture.teacher.id)
    const { returned } = await deepLinkTwoItems(world, teacher, { framed: true })
    expect(returned.status).toBe(200)
    expect(await returned.text()).toContain('2 item(s) added')
  })
})
