/**
 * `npm start` as a person meets it: with demo data and both roles, the built-in platform is
 * already connected to the built-in tool, so a demo student launches the demo course from an
 * assignment straight away, the tool's course page opening inside the platform's launch page.
 */
import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../testing/browser.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { findGradeEntry } from '../features/school/assignments-repository.js'
import { findUserByLogin } from '../features/school/repository.js'

/** The right choice of each question of the demo quiz. */
const RIGHT_ANSWERS = [
  'Safety goggles',
  'Away from the bench',
  'Never',
  'Tell the supervisor',
  'Tied back',
]

describe('the demo, in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('lets the demo student launch the demo course from an assignment', async () => {
    // The public URL (localhost), as a person opens it: the launch goes through it.
    const base = server.config.publicUrl
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${base}/console/platform/learning-tools`)
    await page.getByRole('button', { name: 'Sign in as Ava Lopez (student)' }).click()
    await page.waitForURL(`${base}/console/platform/learning-tools`)
    await page.getByTestId('tool-assignments').getByRole('link', { name: 'Fractions quiz' }).click()
    await page.getByRole('link', { name: 'Safe Lab Practice (demo)' }).click()
    await page.waitForURL(/\/platform\/launch\//)
    const tool = page.frameLocator('iframe')
    await expect
      .poll(() => tool.locator('h1').textContent({ timeout: 15_000 }), { timeout: 20_000 })
      .toBe('Safe Lab Practice (demo)')
    expect(await tool.locator('body').textContent()).toContain('Welcome, Ava Lopez.')
    const path = screenshotPath('demo-student-launch')
    await page.screenshot({ path, fullPage: true })
    expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)
    // The tool admitted the student under this platform's registration.
    const { db } = server.context
    const learners = await db.selectFrom('tool_learners').select('external_id').execute()
    expect(learners.map((l) => l.external_id)).toEqual([expect.stringMatching(/^demo-platform:/)])

    // The quiz, answered right, comes back to the grade book: 20 of 20 points.
    await tool.getByRole('link', { name: 'Before you start' }).click()
    await tool.getByRole('button', { name: 'Mark as complete' }).click()
    await tool.getByRole('link', { name: 'Lab safety quiz' }).click()
    for (const answer of RIGHT_ANSWERS) await tool.getByLabel(answer).check()
    await tool.locator('form button[type="submit"]').click()
    const student = await findUserByLogin(db, 'alopez')
    const assignment = await db
      .selectFrom('assignments')
      .select('id')
      .where('title', '=', 'Fractions quiz')
      .executeTakeFirstOrThrow()
    await expect
      .poll(async () => (await findGradeEntry(db, assignment.id, student?.id ?? ''))?.points, {
        timeout: 30_000,
      })
      .toBe(20)
    await page.screenshot({ path: screenshotPath('demo-student-quiz'), fullPage: true })
  })
})
