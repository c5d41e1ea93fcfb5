import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { findUserByLogin } from './repository.js'

describe('school console in a browser, on demo data', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('lets the demo administrator see schools and toggle a teacher’s tool right', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${server.url}/console/platform/schools`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console/platform/schools`)
    const schools = await page.getByTestId('schools').textContent()
    expect(schools).toContain('Arthur Elementary')
    expect(schools).toContain('Roosevelt High School')
    await page.screenshot({ path: screenshotPath('platform-schools'), fullPage: true })

    await page.getByRole('link', { name: 'People' }).click()
    await page.waitForURL(`${server.url}/console/platform/people`)
    expect(await page.getByTestId('people').textContent()).toContain(
      'administrator@demo-district.example',
    )
    await page.getByTestId('tool-right-treed').click()
    await page.waitForURL(`${server.url}/console/platform/people?done=right-off`)
    expect(await page.getByTestId('notice').textContent()).toBe(
      'The person may no longer use external learning tools.',
    )
    expect((await findUserByLogin(server.context.db, 'treed'))?.externalLearningTools).toBe(false)
    await page.getByTestId('tool-right-treed').click()
    await page.waitForURL(`${server.url}/console/platform/people?done=right-on`)
    expect(await page.getByTestId('notice').textContent()).toBe(
      'The person may now use external learning tools.',
    )
    expect((await findUserByLogin(server.context.db, 'treed'))?.externalLearningTools).toBe(true)
    const path = screenshotPath('platform-people')
    await page.screenshot({ path, fullPage: true })
    expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)
    await page.close()
  })

  it('lets a demo teacher add an assignment and open the grade book', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${server.url}/console/platform/courses`)
    await page.getByRole('button', { name: 'Sign in as Taylor Reed (teacher)' }).click()
    await page.waitForURL(`${server.url}/console/platform/courses`)
    expect(await page.getByTestId('course-MATH-7').textContent()).toContain('Period 1')
    expect(await page.locator('main').textContent()).not.toContain('English 10')
    await page
      .getByTestId('course-MATH-7')
      .getByRole('link', { name: /Period 1/ })
      .click()
    expect(await page.getByTestId('roster').textContent()).toContain('Ava Lopez')
    await page.getByRole('link', { name: 'Assignments' }).click()
    const form = page.getByTestId('new-assignment')
    await form.getByLabel('Title').fill('Exit ticket')
    await form.getByLabel('Scored by').selectOption('points')
    await form.getByLabel('Points possible (points only)').fill('20')
    await form.getByRole('button', { name: 'Add assignment' }).click()
    expect(await page.getByTestId('assignments').textContent()).toContain('Exit ticket')
    await page.screenshot({ path: screenshotPath('platform-assignments'), fullPage: true })
    await page.getByRole('link', { name: 'Grade book' }).click()
    const book = await page.getByTestId('grade-book').textContent()
    expect(book).toContain('Fractions quiz')
    expect(book).toContain('Chloe Nguyen')
    await page.screenshot({ path: screenshotPath('platform-grade-book'), fullPage: true })
    await page.close()
  })
})
