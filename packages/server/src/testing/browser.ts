/**
 * A headless Chromium for console UI tests, through playwright-core and Debian's chromium (the
 * test suite never downloads a browser). Missing browser: with CI=true the suite fails; otherwise
 * its tests are reported as skipped with a notice.
 *
 *   const browser = useBrowser()
 *   it('shows the page', async () => { const page = await browser().newPage() … })
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, beforeEach } from 'vitest'

export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** Why browser tests cannot run here, or `undefined` when they can. Throws in CI. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined
  const message = `Chromium is missing at ${CHROMIUM_PATH}`
  if (process.env['CI'] === 'true')
    throw new Error(`${message}; CI=true requires the browser tests`)
  process.stderr.write(`\n⚠ ${message}: browser tests are SKIPPED (apt-get install chromium).\n\n`)
  return message
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
}

/** Launches one browser for the enclosing `describe` and closes it afterwards. */
export function useBrowser(): () => Browser {
  const skipReason = browserSkipReason()
  let browser: Browser | undefined
  if (skipReason !== undefined) {
    beforeEach((context) => {
      context.skip(skipReason)
    })
  } else {
    beforeAll(async () => {
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
    })
  }
  return () => {
    if (browser === undefined) throw new Error('the browser exists only inside a test')
    return browser
  }
}

/** Where a test saves a screenshot: `test-artifacts/screenshots/<name>.png` at the repository root. */
export function screenshotPath(name: string): string {
  if (!/^[\w-]+$/.test(name)) throw new TypeError('a screenshot name is letters, digits, - and _')
  const dir = join(REPO_ROOT, 'test-artifacts', 'screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}

/** Whether a browser profile sends cookies in cross-site frames. */
export type ThirdPartyCookies = 'blocked' | 'allowed'

/**
 * A browser with a fresh profile whose third-party cookie setting is `mode`: the profile's
 * `profile.cookie_controls_mode` preference (0 allow, 1 block), what chrome://settings/cookies
 * writes. Playwright's `newContext()` profiles are incognito-like and always block them in this
 * Chromium, so an allowing profile needs its own user data directory. Verify the setting with
 * `probeThirdPartyCookies` in the test. `close()` closes it and removes the directory.
 */
export async function launchProfile(
  mode: ThirdPartyCookies,
): Promise<{ readonly context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ltihub-chromium-'))
  mkdirSync(join(dir, 'Default'))
  const preferences = { profile: { cookie_controls_mode: mode === 'blocked' ? 1 : 0 } }
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(preferences))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    },
  }
}

/**
 * Whether `context` sends a `SameSite=None; Secure` cookie of `http://127.0.0.1` with a request
 * from a frame of a `http://localhost` page (two sites), checked against a loopback server.
 */
export async function probeThirdPartyCookies(context: BrowserContext): Promise<boolean> {
  const seen: (string | undefined)[] = []
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://probe').pathname
    response.setHeader('content-type', 'text/html')
    if (path === '/set') response.setHeader('set-cookie', 'probe=1; SameSite=None; Secure; Path=/')
    if (path === '/frame') {
      response.end(`<iframe src="http://127.0.0.1:${String(port())}/framed"></iframe>`)
      return
    }
    if (path === '/framed') seen.push(request.headers.cookie)
    response.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = () => (server.address() as AddressInfo).port
  const page = await context.newPage()
  try {
    await page.goto(`http://127.0.0.1:${String(port())}/set`)
    await page.goto(`http://localhost:${String(port())}/frame`)
    for (let i = 0; i < 50 && seen.length === 0; i += 1) await page.waitForTimeout(100)
    if (seen.length === 0) throw new Error('the probe frame never loaded')
    return seen.some((cookie) => cookie?.includes('probe=1') === true)
  } finally {
    await page.close()
    await context.clearCookies()
    server.close()
  }
}
