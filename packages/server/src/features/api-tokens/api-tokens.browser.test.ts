import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { TEST_SIGN_IN_PATH, testSignInFeature } from '../school/test-session.js'

describe('API tokens in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ extraFeatures: [testSignInFeature] })
  })
  afterAll(async () => {
    await server.close()
  })

  const schools = (token: string) =>
    fetch(`${server.url}/api/platform/schools`, { headers: { authorization: `Bearer ${token}` } })

  it('creates a token, shows it once with a copy button, and revokes it', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    const page = await context.newPage()
    const failures: string[] = []
    page.on('console', (message) => {
      // The refused form answers 400 on purpose; anything else is a failure.
      const expected = message.text().includes('status of 400')
      if (message.type() === 'error' && !expected) failures.push(message.text())
    })
    const signIn = await page.request.post(`${server.url}${TEST_SIGN_IN_PATH}`, {
      data: { id: 'browser-admin', name: 'Ada Admin', roles: ['administrator'] },
    })
    expect(signIn.status()).toBe(204)

    await page.goto(`${server.url}/console`)
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'API tokens' })
      .click()
    await page.waitForURL(`${server.url}/console/account/api-tokens`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('API tokens')

    // Refused first: the summary and each field's message, with what was typed kept.
    await page.getByLabel('Name').fill('Nightly roster export')
    await page.getByRole('button', { name: 'Create token' }).click()
    await expect
      .poll(() => page.getByTestId('token-errors').textContent())
      .toContain('Choose at least one scope')
    expect(await page.getByLabel('Name').inputValue()).toBe('Nightly roster export')

    await page.getByRole('checkbox', { name: /platform:read/ }).check()
    await page.getByLabel('Expires *').selectOption('90')
    await page.screenshot({ path: screenshotPath('api-tokens-form-1280'), fullPage: true })
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('heading', { name: 'Token “Nightly roster export” created' }).waitFor()
    const value = await page.getByLabel('Your token').inputValue()
    expect(value).toMatch(/^lth_[A-Za-z0-9_-]{43}$/)
    await page.getByRole('button', { name: 'Copy' }).click()
    await expect
      .poll(() => page.locator('#token-value-status').textContent())
      .toMatch(/Copied|Selected/)
    if ((await page.locator('#token-value-status').textContent())?.startsWith('Copied')) {
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value)
    }
    await page.screenshot({ path: screenshotPath('api-tokens-created-1280'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: screenshotPath('api-tokens-created-390'), fullPage: true })
    expect((await schools(value)).status).toBe(200)

    // Back on the list: the token, its last use, and "Revoke" with a confirmation.
    await page.getByRole('link', { name: 'Back to API tokens' }).click()
    const mine = page.getByRole('table', { name: 'Your tokens' })
    expect(await mine.textContent()).toContain('Nightly roster export')
    expect(await mine.textContent()).toContain('from 127.0.0.1')
    await page.screenshot({ path: screenshotPath('api-tokens-list-390'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: screenshotPath('api-tokens-list-1280'), fullPage: true })
    await mine.getByRole('link', { name: 'Revoke Nightly roster export' }).click()
    await page.getByRole('heading', { name: 'Revoke “Nightly roster export”?' }).waitFor()
    await page.screenshot({ path: screenshotPath('api-tokens-revoke-1280'), fullPage: true })
    await page.getByRole('button', { name: 'Revoke token' }).click()
    await page.waitForURL(/\/console\/account\/api-tokens\?revoked=/)
    expect(await page.getByRole('status').first().textContent()).toContain(
      'Token “Nightly roster export” was revoked',
    )
    expect(await mine.textContent()).toContain('revoked')
    expect(await mine.getByRole('link', { name: /Revoke/ }).count()).toBe(0)
    await page.screenshot({ path: screenshotPath('api-tokens-revoked-1280'), fullPage: true })
    expect((await schools(value)).status).toBe(401)
    expect(failures).toEqual([])
    await context.close()
  })
})
