/**
 * The framed launch page in Chromium: the tool's login page (another origin, in the iframe) uses
 * platform storage through `postMessage` (capabilities, put, get, frame resize) under the page's
 * CSP, then the launch completes inside the frame with the SameSite=Lax session cookie.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { useBrowser } from '../../testing/browser.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { deepLinkTwoItems } from './testing/flows.js'
import { type RuntimeWorld, startRuntimeWorld } from './testing/harness.js'
import { LAUNCH_FRAME_ID } from './pages.js'

const [sqlite] = await testDialects()

describe('framed launch with platform storage', () => {
  if (sqlite === undefined) throw new Error('no SQLite dialect')
  const database = useTestDatabase(sqlite)
  const browser = useBrowser()
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('answers the tool’s storage messages and resizes the frame, then launches', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server } = world
    const teacher = world.browser()
    await teacher.signIn(fixture.teacher.id)
    await deepLinkTwoItems(world, teacher)
    const link = await server.context.db
      .selectFrom('lti_resource_links')
      .selectAll()
      .executeTakeFirstOrThrow()
    const student = world.browser()
    await student.signIn(fixture.student.id)
    const [name, value] = student.cookie.split('=') as [string, string]
    const context = await browser().newContext()
    await context.addCookies([{ name, value, url: world.base }])
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text())
    })
    tool.useStorageProbe(true)
    const launchesBefore = tool.launches.length
    await page.goto(`${world.base}/platform/launch/${link.id}`)
    await expect.poll(() => tool.launches.length, { timeout: 15_000 }).toBe(launchesBefore + 1)
    expect(tool.launches.at(-1)?.sub).toBe(fixture.student.id)

    const [report] = tool.storageReports as Record<
      string,
      { origin?: string; data?: Record<string, unknown>; timeout?: boolean }
    >[]
    const platformOrigin = new URL(world.base).origin
    const subjects = (
      report?.['capabilities']?.data?.['supported_messages'] as { subject: string }[]
    ).map((m) => m.subject)
    expect(subjects).toEqual(
      expect.arrayContaining(['lti.put_data', 'lti.get_data', 'lti.frameResize']),
    )
    expect(report?.['put']).toMatchObject({
      origin: platformOrigin,
      data: { subject: 'lti.put_data.response' },
    })
    expect(report?.['get']?.data).toMatchObject({
      subject: 'lti.get_data.response',
      key: 'lti_state',
    })
    expect(report?.['get']?.data?.['value']).toBe(report?.['put']?.data?.['value'])
    expect(report?.['missing']?.data?.['value']).toBeUndefined()
    expect(report?.['resize']?.data).toMatchObject({ subject: 'lti.frameResize.response' })
    const height = await page.evaluate(
      (id) => document.getElementById(id)?.style.height,
      LAUNCH_FRAME_ID,
    )
    expect(height).toBe('777px')
    expect(violations.filter((v) => v.includes('Content Security Policy'))).toEqual([])
    await context.close()
  })
})
