/**
 * Framed and new-window launches across two sites, in Chromium: the platform on
 * `http://localhost:<a>` and the tool on `http://127.0.0.1:<b>`, two servers as every real tool
 * is. Inside the frame the tool's redirect back to `/platform/authorize` is cross-site-initiated
 * and carries no `SameSite=Lax` session cookie; the launch binding cookie identifies the browser.
 * Each case runs with third-party cookies blocked and allowed (checked, not assumed): a student
 * launches the demo course from an assignment, and a teacher adds tool content (deep linking)
 * that then shows on the assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import {
  browserSkipReason,
  launchProfile,
  probeThirdPartyCookies,
  screenshotPath,
  type ThirdPartyCookies,
} from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { connectDemoTool } from '../connections/seed-own-tool.js'
import { freePort } from './testing/harness.js'

const COURSE = 'Safe Lab Practice (demo)'
const ASSIGNMENT = 'Fractions quiz'
const skipReason = browserSkipReason()

async function startSite(role: 'platform' | 'tool', host: string): Promise<TestServer> {
  const port = await freePort()
  return startTestServer({
    env: {
      LTIHUB_ROLES: role,
      LTIHUB_DEMO: 'true',
      PORT: String(port),
      PUBLIC_URL: `http://${host}:${String(port)}`,
    },
  })
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await page.screenshot({ path: screenshotPath(`${name}-${String(width)}`), fullPage: true })
  }
}

describe
  .skipIf(skipReason !== undefined)
  .each<{ cookies: ThirdPartyCookies }>([{ cookies: 'blocked' }, { cookies: 'allowed' }])(
  'two sites, third-party cookies $cookies',
  ({ cookies }) => {
    let platform: TestServer
    let tool: TestServer
    let context: BrowserContext
    let profile: Awaited<ReturnType<typeof launchProfile>>
    let base: string

    beforeAll(async () => {
      platform = await startSite('platform', 'localhost')
      tool = await startSite('tool', '127.0.0.1')
      await connectDemoTool(platform.context, tool.context)
      base = platform.config.publicUrl
      profile = await launchProfile(cookies)
      context = profile.context
    }, 60_000)
    afterAll(async () => {
      await profile.close()
      await tool.close()
      await platform.close()
    })

    async function signInAs(name: string): Promise<Page> {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(`${base}/console/sign-in`)
      await page.getByRole('button', { name: `Sign in as ${name}` }).click()
      await page.waitForURL((url) => !url.pathname.startsWith('/console/sign-in'))
      return page
    }

    async function openAssignment(page: Page): Promise<void> {
      await page.goto(`${base}/console/platform/learning-tools`)
      await page.getByTestId('tool-assignments').getByRole('link', { name: ASSIGNMENT }).click()
      await page.waitForURL(/\/console\/platform\/assignments\//)
    }

    it(`really has third-party cookies ${cookies}`, async () => {
      expect(await probeThirdPartyCookies(context)).toBe(cookies === 'allowed')
    })

    it('launches a student framed from an assignment', { timeout: 60_000 }, async () => {
      const page = await signInAs('Ava Lopez (student)')
      await openAssignment(page)
      await page
        .getByTestId('assignment-resources')
        .getByRole('link', { name: COURSE, exact: true })
        .click()
      await page.waitForURL(/\/platform\/launch\//)
      const frame = page.frameLocator('iframe')
      await expect
        .poll(() => frame.locator('h1').textContent({ timeout: 15_000 }), { timeout: 20_000 })
        .toBe(COURSE)
      expect(await frame.locator('body').textContent()).toContain('Welcome, Ava Lopez.')
      await shoot(page, `two-sites-${cookies}-student-framed`)
      await page.close()
    })

    it('launches a student in a new window from an assignment', { timeout: 60_000 }, async () => {
      const page = await signInAs('Ava Lopez (student)')
      await openAssignment(page)
      const popup = context.waitForEvent('page')
      await page
        .getByTestId('assignment-resources')
        .getByRole('link', { name: 'Open in a new window' })
        .first()
        .click()
      const window = await popup
      await expect
        .poll(() => window.locator('h1').textContent({ timeout: 15_000 }), { timeout: 20_000 })
        .toBe(COURSE)
      expect(new URL(window.url()).host).toBe(new URL(tool.config.publicUrl).host)
      expect(await window.locator('body').textContent()).toContain('Welcome, Ava Lopez.')
      await shoot(window, `two-sites-${cookies}-student-window`)
      await window.close()
      await page.close()
    })

    /** Picks the demo course in the tool's deep linking picker and waits for the platform's answer. */
    async function pickCourse(target: Page | Frame): Promise<void> {
      await target.getByRole('heading', { name: 'Add content' }).waitFor({ timeout: 20_000 })
      await target.getByLabel(COURSE).first().check()
      await target.getByRole('button', { name: 'Add' }).click()
      await target.getByRole('heading', { name: '1 item(s) added' }).waitFor({ timeout: 20_000 })
    }

    async function resourceCount(page: Page): Promise<number> {
      await openAssignment(page)
      return page
        .getByTestId('assignment-resources')
        .getByRole('link', { name: COURSE, exact: true })
        .count()
    }

    it(
      'lets a teacher add tool content framed, and the item shows on the assignment',
      { timeout: 60_000 },
      async () => {
        const page = await signInAs('Taylor Reed (teacher)')
        const before = await resourceCount(page)
        await page.getByRole('button', { name: 'Add tool content' }).click()
        const frame = await waitForToolFrame(page)
        await pickCourse(frame)
        await shoot(page, `two-sites-${cookies}-teacher-framed`)
        expect(await resourceCount(page)).toBe(before + 1)
        await page.close()
      },
    )

    it('lets a teacher add tool content in a new window', { timeout: 60_000 }, async () => {
      const page = await signInAs('Taylor Reed (teacher)')
      const before = await resourceCount(page)
      const popup = context.waitForEvent('page')
      await page
        .getByTestId('add-tool-content')
        .getByRole('button', { name: 'Open in a new window' })
        .click()
      const window = await popup
      await pickCourse(window)
      await shoot(window, `two-sites-${cookies}-teacher-window`)
      await window.close()
      expect(await resourceCount(page)).toBe(before + 1)
      await page.close()
    })
  },
)

/** The launch frame of a framed page, once it shows the tool. */
async function waitForToolFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('iframe', { timeout: 20_000 })
  const frame = await element.contentFrame()
  if (frame === null) throw new Error('the launch page has no frame')
  return frame
}
