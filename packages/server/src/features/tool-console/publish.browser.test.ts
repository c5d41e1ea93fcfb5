import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import { DEMO_CONSUMER_KEY } from '../tool-lti/index.js'

describe('publishing the demo course in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true', LTIHUB_ROLES: 'tool' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('publishes the demo course as an LTI tool and shows its launch information', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    const failures: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text())
    })
    await page.goto(`${server.url}/console`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console`)

    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Publications' })
      .click()
    await page
      .getByRole('row', { name: /Safe Lab Practice/ })
      .getByRole('link', { name: 'Publish as LTI tool' })
      .click()
    await page.getByLabel('Name').fill('Lab safety for Pluto LMS')
    await page.getByLabel('Maximum enrolled users (empty = unlimited)').fill('30')
    await page.getByLabel('Enrolment starts').fill('2026-01-01')
    await page.getByLabel('Enrolment ends').fill('2030-12-31')
    await page.getByLabel('Synchronise members').selectOption('scheduled')
    await page.getByLabel('Country (ISO code)').fill('NL')
    await page.getByLabel('Language').fill('nl')
    await page.getByRole('button', { name: 'Add method' }).click()

    await page.waitForURL(/\/console\/tool\/publications\/[\w-]+\?done=created$/)
    expect(await page.getByTestId('notice').textContent()).toMatch(/^Published\./)
    await page.getByRole('link', { name: 'Launch information' }).click()
    await page.waitForURL(/\/published$/)
    const tool = page.getByTestId('published-tool')
    expect(await tool.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Lab safety for Pluto LMS',
    )
    const publicBase = server.config.publicUrl.replace(/\/$/, '')
    expect(await tool.getByTestId('launch-url').textContent()).toBe(`${publicBase}/tool/lti/launch`)
    expect(await tool.getByTestId('custom-parameters').first().textContent()).toBe(
      `course=${DEMO_COURSE_EXTERNAL_ID}`,
    )
    expect(await tool.getByTestId('launch-url-external-id').textContent()).toBe(
      `${publicBase}/tool/lti/launch/${DEMO_COURSE_EXTERNAL_ID}`,
    )
    expect(await tool.getByTestId('registration-url').textContent()).toBe(
      `${publicBase}/tool/lti/register`,
    )
    const cartridge = await tool.getByTestId('cartridge-url').textContent()
    expect(cartridge).toMatch(new RegExp(`^${publicBase}/tool/lti/cartridge/[\\w-]+\\.xml$`))
    expect(await tool.getByTestId('basic-lti-xml').textContent()).toContain(
      'cartridge_basiclti_link',
    )

    await page.getByLabel('Select LTI configuration').selectOption(DEMO_CONSUMER_KEY)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/\?key=/)
    expect(await page.getByTestId('consumer-key').textContent()).toBe(DEMO_CONSUMER_KEY)
    expect((await page.getByTestId('secret').textContent())?.length).toBeGreaterThan(20)

    // The cartridge URL the page shows answers the Basic LTI XML.
    const xml = await fetch(`${server.url}${new URL(cartridge ?? '').pathname}`)
    expect(xml.status).toBe(200)
    expect(await xml.text()).toContain(`course`)
    expect(failures).toEqual([])

    const path = screenshotPath('tool-published-as-lti-tools')
    await page.screenshot({ path, fullPage: true })
    expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)
    await page.close()
  })
})
