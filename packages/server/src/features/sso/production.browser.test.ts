/**
 * Issue 8's first "Done when", in production mode: NODE_ENV=production behind an https front with
 * a certificate from a test CA; the administrator made by `ltihub admin create --password-stdin`
 * signs in with a password and adds the district's identity provider; a teacher signs in through
 * it (a real OpenID provider on loopback, allowed as an internal host with OUTBOUND_ALLOW); no
 * demo "sign in as" anywhere.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSchoolFixture } from '../school/fixture.js'
import {
  browserSkipReason,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  screenshotPath,
} from '../../testing/browser.js'
import { keepToLoopback } from '../../testing/loopback-only.js'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { makeTestCertificates, startTlsFront, type TestCertificates } from '../../testing/tls.js'
import { redirectUriOf } from './paths.js'

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url))
const CLI = join(REPO, 'packages/cli/src/main.ts')
const SECRET = `production-sso-test-${'s'.repeat(32)}`
const PASSWORD = 'granite-orchard-whistle-9'
const skip = browserSkipReason()

describe.skipIf(skip !== undefined)('production sign-in: password and single sign-on', () => {
  let certificates: TestCertificates
  let front: Awaited<ReturnType<typeof startTlsFront>>
  let server: TestServer
  let idp: TestOidcProvider
  let browser: Browser
  let dataDir: string
  let base: string

  beforeAll(async () => {
    certificates = makeTestCertificates()
    front = await startTlsFront(certificates)
    base = `https://localhost:${front.port}`
    dataDir = mkdtempSync(join(tmpdir(), 'ltihub-production-sso-'))
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      LTIHUB_SECRET: SECRET,
      NODE_EXTRA_CA_CERTS: certificates.caFile,
    }
    // The real command, in its own process, reading the password from standard input.
    const created = execFileSync(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        CLI,
        'admin',
        'create',
        '--email',
        'rhea@district.example',
        '--name',
        'Rhea Root',
        '--password-stdin',
      ],
      { env, input: `${PASSWORD}\n`, cwd: REPO, encoding: 'utf8' },
    )
    expect(created).toContain('administrator rhea@district.example created')
    idp = await startOidcProvider({
      accounts: [{ id: 'tom', email: 'Tom.Teacher@example.edu', emailVerified: true }],
      clients: [
        {
          clientId: 'ltihub-production',
          clientSecret: 'production-client-secret',
          redirectUris: [redirectUriOf(base, 'district')],
        },
      ],
    })
    server = await startTestServer({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: base,
        DATA_DIR: dataDir,
        LTIHUB_SECRET: SECRET,
        OUTBOUND_ALLOW: '127.0.0.1',
      },
    })
    front.forwardTo(server.url)
    await createSchoolFixture(server.context.db, server.context.clock())
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // Trust the test server certificate's key (no system trust store is touched).
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${certificates.spki}`],
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await idp?.close()
    await server?.close()
    await front?.close()
    certificates?.remove()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  it(
    'the administrator signs in with a password and adds the provider; a teacher signs in through it',
    { timeout: 120_000 },
    async () => {
      for (const width of [1280, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } })
        await keepToLoopback(context)
        const page = await context.newPage()
        page.setDefaultTimeout(15_000)
        await page.goto(`${base}/console`)
        expect(new URL(page.url()).pathname).toBe('/console/sign-in')
        expect(await page.getByText('Sign in as').count()).toBe(0)
        await page.getByLabel('Email address').fill('rhea@district.example')
        await page.getByLabel('Password').fill(PASSWORD)
        await page.getByRole('button', { name: 'Sign in', exact: true }).click()
        await page.waitForURL(`${base}/console`)
        expect(await page.locator('header.top').textContent()).toContain('Rhea Root')
        if (width === 1280) {
          await page.goto(`${base}/console/instance/identity-providers/new`)
          await page.getByLabel('Short name').fill('district')
          await page.getByLabel('Display name').fill('District IdP')
          await page.getByLabel('Issuer or discovery URL').fill(idp.issuer)
          await page.getByLabel('Client ID').fill('ltihub-production')
          await page.getByLabel('Client secret').fill('production-client-secret')
          await page.getByRole('button', { name: 'Add provider' }).click()
          await page.waitForURL(/\/identity-providers\/district\?done=added$/)
        }
        await page.screenshot({ path: screenshotPath(`production-admin-${width}`), fullPage: true })
        await context.close()
      }

      for (const width of [1280, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } })
        await keepToLoopback(context)
        const page = await context.newPage()
        page.setDefaultTimeout(15_000)
        await page.goto(`${base}/console/sign-in`)
        expect(await page.getByText('Sign in as').count()).toBe(0)
        await page.screenshot({
          path: screenshotPath(`production-sign-in-${width}`),
          fullPage: true,
        })
        await page.getByRole('link', { name: 'Sign in with District IdP' }).click()
        await page.waitForURL(`${idp.issuer}/**`)
        await page.locator('input[name="login"]').fill('tom')
        await page.locator('input[name="password"]').fill('any')
        await page.locator('button[type="submit"]').click()
        await page.getByRole('button', { name: 'Continue' }).click()
        await page.waitForURL(`${base}/console`)
        expect(await page.locator('header.top').textContent()).toContain('Tom')
        const cookies = await context.cookies(base)
        const session = cookies.find((cookie) => cookie.name.startsWith('__Host-'))
        expect(session?.secure).toBe(true)
        await page.screenshot({
          path: screenshotPath(`production-teacher-${width}`),
          fullPage: true,
        })
        await context.close()
      }
      expect(server.logText()).not.toContain('production-client-secret')
      expect(server.logText()).not.toContain(PASSWORD)
    },
  )
})
