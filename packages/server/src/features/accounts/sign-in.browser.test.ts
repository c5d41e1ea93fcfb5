import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createConsoleAccount } from './service.js'

const PASSWORD = 'copper-kettle-northwind-5'

describe('password sign-in in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
    const created = await createConsoleAccount(server.context, {
      name: 'Ada Admin',
      email: 'ada@example.edu',
      roles: ['administrator'],
      ssoOnly: false,
      password: PASSWORD,
    })
    expect('person' in created).toBe(true)
  })
  afterAll(async () => {
    await server.close()
  })

  it.each([
    { width: 1280, height: 860, name: 'desktop' },
    { width: 390, height: 844, name: 'phone' },
  ])(
    'the administrator signs in with a password and reaches the dashboard ($width px)',
    async (size) => {
      const page = await browser().newPage({ viewport: { width: size.width, height: size.height } })
      const failures: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') failures.push(message.text())
      })
      await page.goto(`${server.url}/console`)
      expect(new URL(page.url()).pathname).toBe('/console/sign-in')
      await page.getByLabel('Email address').fill('ada@example.edu')
      expect(await page.getByTestId('demo-sign-in').count()).toBe(0)

      // A wrong password: the message sits by the password field and the email stays typed.
      await page.locator('input[name=email]').fill('ada@example.edu')
      await page.locator('input[name=password]').fill('not-my-password-at-all')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForLoadState()
      expect(await page.locator('input[name=email]').inputValue()).toBe('ada@example.edu')
      expect(await page.locator('input[name=password]').inputValue()).toBe('')
      const error = page.locator('#password-sign-in-password-error')
      expect(await error.textContent()).toContain('do not match')
      await page.screenshot({
        path: screenshotPath(`sign-in-refused-${size.name}`),
        fullPage: true,
      })

      await page.locator('input[name=password]').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${server.url}/console`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard')
      const path = screenshotPath(`password-dashboard-${size.name}`)
      await page.screenshot({ path, fullPage: true })
      expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)

      await page.getByRole('link', { name: 'Ada Admin' }).click()
      await page.waitForURL(`${server.url}/console/account`)
      expect(await page.getByTestId('sessions').textContent()).toContain('(this browser)')
      await page.screenshot({ path: screenshotPath(`my-account-${size.name}`), fullPage: true })
      expect(failures).toEqual([])

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL(`${server.url}/console/sign-in`)
      await page.close()
    },
  )
})
