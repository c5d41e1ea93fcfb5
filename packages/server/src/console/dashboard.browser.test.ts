import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../testing/browser.js'
import { startTestServer, type TestServer } from '../testing/server.js'

describe('console dashboard in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('signs in as the demo administrator and shows the instance', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 860 } })
    const failures: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text())
    })
    await page.goto(`${server.url}/console`)
    expect(new URL(page.url()).pathname).toBe('/console/sign-in')
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Welcome, Demo Administrator',
    )
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Instance dashboard' })
      .click()
    await page.waitForURL(`${server.url}/console/instance`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Instance dashboard')
    const instance = page.getByTestId('instance')
    expect(await instance.textContent()).toContain(server.config.publicUrl)
    expect(await instance.textContent()).toContain('platform, tool')
    expect(await instance.textContent()).toContain('SQLite')
    expect(await instance.locator('.badge.ok').textContent()).toBe('ok')
    const kids = await server.context.db
      .selectFrom('signing_keys')
      .select(['kid', 'purpose'])
      .execute()
    for (const { kid, purpose } of kids) {
      expect(await page.getByTestId(`keys-${purpose}`).textContent()).toContain(kid)
    }
    expect(await page.getByRole('navigation', { name: 'Console' }).textContent()).toContain(
      'Instance dashboard',
    )
    const background = await page
      .locator('header.top')
      .evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(background).toBe('rgb(29, 36, 48)')
    expect(failures).toEqual([])

    const path = screenshotPath('console-dashboard')
    await page.screenshot({ path, fullPage: true })
    expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${server.url}/console/sign-in`)
    await page.close()
  })
})
