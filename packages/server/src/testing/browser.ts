/**
 * A headless Chromium for console UI tests, through playwright-core and Debian's chromium (the
 * test suite never downloads a browser). Missing browser: with CI=true the suite fails; otherwise
 * its tests are reported as skipped with a notice.
 *
 *   const browser = useBrowser()
 *   it('shows the page', async () => { const page = await browser().newPage() … })
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
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
