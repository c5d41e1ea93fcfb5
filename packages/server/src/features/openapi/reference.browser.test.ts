import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import type { OpenApiDocument } from './document.js'

describe('the API reference page in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it('renders every operation under the default CSP, loading nothing from elsewhere', async () => {
    const document = (await (
      await fetch(`${server.url}/api/openapi.json`)
    ).json()) as OpenApiDocument
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    const failures: string[] = []
    const elsewhere: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text())
    })
    page.on('pageerror', (error) => failures.push(error.message))
    page.on('response', (answer) => {
      if (answer.status() >= 400) failures.push(`${answer.status()} ${answer.url()}`)
    })
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) {
        elsewhere.push(request.url())
      }
    })
    const response = await page.goto(`${server.url}/api/reference`)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    await page.locator('.opblock').first().waitFor()
    expect(await page.locator('.opblock').count()).toBe(operations)
    expect(await page.getByText('ltihub API', { exact: false }).first().isVisible()).toBe(true)
    await page.screenshot({ path: screenshotPath('api-reference'), fullPage: false })
    expect(failures).toEqual([])
    expect(elsewhere).toEqual([])
    await page.close()
  })
})
