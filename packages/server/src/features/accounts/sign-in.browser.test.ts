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
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Ada Admin')
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

  it('an administrator creates an account, sees its sessions and ends them after confirming', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 860 } })
    await page.goto(`${server.url}/console/sign-in`)
    await page.locator('input[name=email]').fill('ada@example.edu')
    await page.locator('input[name=password]').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${server.url}/console`)

    await page.getByRole('link', { name: 'Console accounts' }).click()
    await page.getByRole('link', { name: 'New account' }).click()
    await page.locator('input[name=name]').fill('Wil Author')
    await page.locator('input[name=email]').fill('wil@example.edu')
    await page.getByLabel('Author (tool content)').check()
    await page.locator('input[name=password]').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    // Refused next to the password field; the name and email stay.
    expect(await page.locator('#account-password-error').textContent()).toContain('12 characters')
    expect(await page.locator('input[name=email]').inputValue()).toBe('wil@example.edu')
    await page.locator('input[name=password]').fill('ember-quarry-lantern-8')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(/\/console\/accounts\/.+\?done=created$/)
    const personUrl = page.url().split('?')[0] ?? ''

    // Wil signs in from another browser; the administrator sees that session.
    const other = await browser().newContext()
    const wil = await other.newPage()
    await wil.goto(`${server.url}/console/sign-in`)
    await wil.locator('input[name=email]').fill('wil@example.edu')
    await wil.locator('input[name=password]').fill('ember-quarry-lantern-8')
    await wil.getByRole('button', { name: 'Sign in' }).click()
    await wil.waitForURL(`${server.url}/console`)

    await page.goto(personUrl)
    expect(await page.getByTestId('sessions').textContent()).toContain('Password')
    await page.screenshot({ path: screenshotPath('account-person-sessions'), fullPage: true })
    await page.getByRole('link', { name: 'End all sessions' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'End all sessions?',
    )
    await page.getByRole('button', { name: 'End all sessions' }).click()
    expect(await page.getByRole('status').textContent()).toContain('Every session')
    expect(await page.getByText('No active sessions.').count()).toBe(1)

    await wil.reload()
    expect(new URL(wil.url()).pathname).toBe('/console/sign-in')
    await other.close()
    await page.close()
  })
})
