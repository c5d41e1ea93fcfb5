import { existsSync, statSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { startLoopbackTool, TOOL_KEY, TOOL_SECRET, type LoopbackTool } from './testing-tool.js'

async function shot(page: Page, name: string): Promise<void> {
  const path = screenshotPath(name)
  await page.screenshot({ path, fullPage: true })
  expect(existsSync(path) && statSync(path).size > 5_000).toBe(true)
}

describe('LTI connections console in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  let tool: LoopbackTool
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
    tool = await startLoopbackTool()
  })
  afterAll(async () => {
    await server.close()
    await new Promise((resolve) => tool.server.close(resolve))
  })

  it('adds a connection, tests it against a real tool, then enables schools', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    const failures: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text())
    })
    await page.goto(`${server.url}/console/platform/applications`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console/platform/applications`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Digital Learning Applications',
    )
    // The demo catalog offers the fictional 1.1 partner and this server's own tool.
    const partners = await page.locator('select[name="partnerId"] option').allTextContents()
    expect(partners).toEqual(expect.arrayContaining(['TurnItIn', 'ltihub Demo Tool']))
    await shot(page, 'connections-1-applications')

    // A custom application for the loopback tool.
    await page.locator('input[name="name"]').fill('Loopback Quiz')
    await page.locator('input[name="launchUrl"]').fill(`${tool.url}/lti`)
    await page.locator('input[name="supportedTypes"][value="score-passback"]').check()
    await page.locator('input[name="supportedTypes"][value="learning-tool"]').check()
    await page.getByRole('button', { name: 'Add custom application' }).click()
    await page.waitForURL(/\/console\/platform\/applications\/[^/]+$/)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Edit Loopback Quiz')
    expect(await page.getByTestId('lozenge-score-passback').getAttribute('data-state')).toBe(
      'available',
    )
    await shot(page, 'connections-2-application')

    // Add LTI Connection: key and secret, no school yet.
    await page.getByRole('link', { name: '+ Add LTI Connection' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New LTI Connection')
    expect(await page.locator('input[name="launchUrl"]').inputValue()).toBe(`${tool.url}/lti`)
    await page.locator('input[name="name"]').fill('Loopback Quiz (HS)')
    await page.locator('input[name="consumerKey"]').fill(TOOL_KEY)
    await page.locator('input[name="secret"]').fill(TOOL_SECRET)
    await page.locator('input[name="transferEmail"]').check()
    for (const box of await page.locator('input[name="schoolIds"]').all()) await box.uncheck()
    await shot(page, 'connections-3-new-connection')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/console\/platform\/connections\/[^/]+\?saved=1$/)
    const connectionId = new URL(page.url()).pathname.split('/').at(-1) ?? ''

    // Test Connection with the stored secret: a real signed launch the tool verifies.
    await page.getByRole('button', { name: 'Test Connection' }).click()
    const result = page.getByTestId('test-result')
    expect(await result.getAttribute('data-ok')).toBe('true')
    expect(await result.textContent()).toContain('the tool accepted the signed launch (HTTP 200)')
    expect(tool.launches.at(-1)?.['lis_person_contact_email_primary']).toBe(
      'administrator@demo-district.example',
    )
    expect(await page.content()).not.toContain(TOOL_SECRET)
    await shot(page, 'connections-4-test-passed')

    // Enable two schools and save.
    const schools = page.getByTestId('enabled-schools')
    await schools.getByLabel('Arthur Elementary').check()
    await schools.getByLabel('Lincoln Middle School').check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\?saved=1$/)
    expect(await page.getByTestId('notice').textContent()).toBe('Connection saved.')
    expect(await schools.getByLabel('Arthur Elementary').isChecked()).toBe(true)
    expect(await schools.getByLabel('Roosevelt High School').isChecked()).toBe(false)
    await shot(page, 'connections-5-schools-enabled')

    await page.getByRole('link', { name: 'Close' }).click()
    const row = page.getByTestId('connection-row-Loopback Quiz (HS)')
    expect(await row.locator('td').allTextContents()).toEqual(['YES', 'Loopback Quiz (HS)', '2'])
    expect(await page.getByTestId('lozenge-score-passback').getAttribute('data-state')).toBe(
      'enabled',
    )
    await shot(page, 'connections-6-application-with-connection')

    const rows = await server.context.db
      .selectFrom('platform_connection_schools as cs')
      .innerJoin('schools as s', 's.id', 'cs.school_id')
      .select('s.name')
      .where('cs.connection_id', '=', connectionId)
      .orderBy('s.name')
      .execute()
    expect(rows.map((r) => r.name)).toEqual(['Arthur Elementary', 'Lincoln Middle School'])
    const stored = await server.context.db
      .selectFrom('platform_connections')
      .select(['lti11_consumer_key', 'lti11_secret_sealed', 'status'])
      .where('id', '=', connectionId)
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ lti11_consumer_key: TOOL_KEY, status: 'active' })
    expect(stored.lti11_secret_sealed).not.toContain(TOOL_SECRET)
    expect(failures).toEqual([])
    await page.close()
  })
})
