import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useBrowser } from '../../testing/browser.js'
import { expectFieldError, expectNotice } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

/**
 * An application and its connection from creation to deletion in Chromium: a refused settings
 * form keeps what was typed with the message by its field; edit, disable, enable and delete each
 * confirm what happened; deleting asks first and names what goes.
 */
describe('applications and connections from creation to deletion in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  let page: Page
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  })
  afterAll(async () => {
    await server.close()
  })

  /** Clicks a submit button and waits for the page the server answers. */
  const submit = async (name: string) => {
    const answered = page.waitForEvent('framenavigated')
    await page.getByRole('button', { name, exact: true }).click()
    await answered
    await page.waitForLoadState('load')
  }

  it('adds a catalog application and edits its settings (a refused form first)', async () => {
    page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${server.url}/console/platform/applications`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console/platform/applications`)
    // A refused custom application speaks in the form's words.
    await page.locator('input[name="name"]').fill('Essay Checker')
    await page.locator('input[name="launchUrl"]').fill('ftp://essays.example.test/lti')
    await submit('Add custom application')
    expect(await page.getByRole('alert').first().textContent()).toBe(
      'Launch URL must start with https:// (http:// only for localhost or 127.0.0.1).',
    )
    await page.locator('select[name="partnerId"]').selectOption({ label: 'TurnItIn' })
    await submit('Add Application')
    await expectNotice(page, 'Application added.')

    await page.locator('#application-name').fill('TurnItIn (district)')
    await page.locator('#application-description').fill('Plagiarism checks for essays')
    await page.locator('#application-launchUrl').fill('ftp://turnitin.example.test/lti')
    await submit('Save settings')
    await expectFieldError(
      page,
      'Launch URL',
      'Launch URL must start with https:// (http:// only for localhost or 127.0.0.1).',
    )
    expect(await page.locator('#application-name').inputValue()).toBe('TurnItIn (district)')
    expect(await page.locator('#application-description').inputValue()).toBe(
      'Plagiarism checks for essays',
    )

    await page.locator('#application-launchUrl').fill('https://turnitin.example.test/lti')
    await submit('Save settings')
    await expectNotice(page, 'Application settings saved.')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Edit TurnItIn (district)',
    )
  })

  it('adds a connection, disables and enables it, then deletes it after confirming', async () => {
    await page.getByRole('link', { name: '+ Add LTI Connection' }).click()
    await page.locator('#connection-name').fill('TurnItIn (HS)')
    await page.locator('#connection-consumerKey').fill('tii-key')
    await page.locator('#connection-secret').fill('tii-secret-0123456789')
    await page.locator('#connection-launchUrl').fill('ftp://turnitin.example.test/lti')
    await submit('Save')
    await expectFieldError(
      page,
      'Launch URL',
      'Launch URL must start with https:// (http:// only for localhost or 127.0.0.1).',
    )
    expect(await page.locator('#connection-name').inputValue()).toBe('TurnItIn (HS)')
    expect(await page.locator('#connection-consumerKey').inputValue()).toBe('tii-key')
    expect(await page.locator('#connection-secret').inputValue()).toBe('')

    await page.locator('#connection-launchUrl').fill('https://turnitin.example.test/lti')
    await page.locator('#connection-secret').fill('tii-secret-0123456789')
    await submit('Save')
    await expectNotice(page, 'Connection saved.')

    await page.locator('#connection-enabled').uncheck()
    await submit('Save')
    await expectNotice(page, 'Connection saved.')
    expect(await page.locator('#connection-enabled').isChecked()).toBe(false)
    await page.locator('#connection-enabled').check()
    await submit('Save')
    expect(await page.locator('#connection-enabled').isChecked()).toBe(true)

    await page.getByRole('link', { name: 'Delete this connection…' }).click()
    expect(await page.getByTestId('consequences').textContent()).toContain('school(s)')
    await page.getByLabel('I understand that this cannot be undone').check()
    await submit('Delete connection')
    await expectNotice(page, 'Connection deleted.')
    expect(await page.getByTestId('connection-row-TurnItIn (HS)').count()).toBe(0)
  })

  it('deletes the application after a confirmation naming its connections', async () => {
    await page.getByRole('link', { name: '+ Add LTI Connection' }).click()
    await page.locator('#connection-name').fill('TurnItIn (MS)')
    await page.locator('#connection-consumerKey').fill('tii-ms')
    await page.locator('#connection-secret').fill('tii-secret-ms-0123456789')
    await submit('Save')
    await page.getByRole('link', { name: 'Close' }).click()
    await page.getByRole('link', { name: 'Delete…' }).click()
    expect(await page.getByTestId('consequences').textContent()).toContain('TurnItIn (MS)')
    // Without the tick the server asks again (the browser's own check set aside).
    await page.locator('form:has(#confirm-confirm)').evaluate((form) => {
      form.setAttribute('novalidate', '')
    })
    await submit('Delete application')
    await expectFieldError(
      page,
      'I understand that this cannot be undone',
      'Tick "I understand that this cannot be undone" to go ahead.',
    )
    await page.getByLabel('I understand that this cannot be undone').check()
    await submit('Delete application')
    await expectNotice(page, 'Application deleted')
    expect(await page.getByRole('link', { name: 'TurnItIn (district)' }).count()).toBe(0)
    await page.close()
  })
})
