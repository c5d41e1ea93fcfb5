/**
 * Single sign-on clicked through in Chromium: an administrator adds the provider in the console,
 * then a teacher signs in with its button at a real OpenID provider on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { keepToLoopback } from '../../testing/loopback-only.js'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { redirectUriOf } from './paths.js'

describe('single sign-on in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  let idp: TestOidcProvider
  let base: string

  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
    base = server.config.publicUrl
    idp = await startOidcProvider({
      accounts: [{ id: 'taylor', email: 'treed@demo-district.example', emailVerified: true }],
      clients: [
        {
          clientId: 'ltihub-browser',
          clientSecret: 'browser-client-secret',
          redirectUris: [redirectUriOf(base, 'district')],
        },
      ],
    })
  })
  afterAll(async () => {
    await idp?.close()
    await server?.close()
  })

  it(
    'adds a provider in the console, then a teacher signs in through it',
    { timeout: 90_000 },
    async () => {
      const adminContext = await browser().newContext({ viewport: { width: 1280, height: 900 } })
      await keepToLoopback(adminContext)
      const admin = await adminContext.newPage()
      admin.setDefaultTimeout(8000)
      await admin.goto(`${base}/console/sign-in`)
      await admin.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
      await admin.waitForURL(`${base}/console`)
      await admin.getByRole('link', { name: 'Identity providers' }).click()
      await admin.getByRole('link', { name: 'Add identity provider' }).click()
      await admin.getByLabel('Short name').fill('district')
      await admin.getByLabel('Display name').fill('District IdP')
      await admin.getByLabel('Issuer or discovery URL').fill(idp.issuer)
      await admin.getByLabel('Client ID').fill('ltihub-browser')
      await admin.getByLabel('Client secret').fill('browser-client-secret')
      await admin.screenshot({ path: screenshotPath('sso-provider-form-1280'), fullPage: true })
      await admin.getByRole('button', { name: 'Add provider' }).click()
      await admin.waitForURL(/\/identity-providers\/district\?done=added$/)
      expect(await admin.getByTestId('redirect-uri').textContent()).toBe(
        redirectUriOf(base, 'district'),
      )
      await adminContext.close()

      for (const width of [1280, 390]) {
        const context = await browser().newContext({ viewport: { width, height: 844 } })
        const blocked = await keepToLoopback(context)
        const page = await context.newPage()
        page.setDefaultTimeout(8000)
        await page.goto(`${base}/console`)
        const button = page.getByRole('link', { name: 'Sign in with District IdP' })
        await button.waitFor()
        await page.screenshot({ path: screenshotPath(`sso-sign-in-${width}`), fullPage: true })
        await button.click()
        await page.waitForURL(`${idp.issuer}/**`)
        await page.locator('input[name="login"]').fill('taylor')
        await page.locator('input[name="password"]').fill('any')
        await page.locator('button[type="submit"]').click()
        await page.getByRole('button', { name: 'Continue' }).click()
        await page.waitForURL(`${base}/console`)
        expect(await page.locator('header.top').textContent()).toContain('Taylor Reed')
        await page.screenshot({ path: screenshotPath(`sso-signed-in-${width}`), fullPage: true })
        expect(blocked.every((origin) => !origin.includes('127.0.0.1'))).toBe(true)
        await context.close()
      }
    },
  )
})
