import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../../testing/browser.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { listQuestions } from './repository.js'

describe('authoring a course in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true', LTIHUB_ROLES: 'tool' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('creates a course with a page and a quiz, grades on the quiz and publishes it', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    page.setDefaultTimeout(10_000)
    const failures: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text())
    })
    const shot = async (name: string) => {
      const path = screenshotPath(name)
      await page.screenshot({ path, fullPage: true })
      expect(existsSync(path) && statSync(path).size > 10_000).toBe(true)
    }
    await page.goto(`${server.url}/console`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console`)

    // A new course; a taken external ID is refused next to its field first.
    const nav = page.getByRole('navigation', { name: 'Console' })
    await nav.getByRole('link', { name: 'Course authoring' }).click()
    await page.getByRole('link', { name: 'New course' }).click()
    await page.getByLabel('Title').fill('Fire safety')
    await page.getByLabel('External ID').fill('DEMO-LAB-101')
    await page.getByLabel('Description').fill('Exits, alarms and extinguishers.')
    await page.getByRole('button', { name: 'Create course' }).click()
    expect(await page.locator('.field-error').textContent()).toBe(
      'another course has this external ID',
    )
    await shot('tool-authoring-refused')
    // The refused form answers 400 on purpose; only later failures count.
    failures.splice(0)
    await page.getByLabel('External ID').fill('FIRE-1')
    await page.getByRole('button', { name: 'Create course' }).click()
    await page.waitForURL(/saved=created$/)
    const courseUrl = page.url().replace(/\?.*$/, '')

    // A content page, then a quiz with two questions.
    await page.getByRole('link', { name: 'Add a content page' }).click()
    await page.getByLabel('Title').fill('Know your exits')
    await page
      .getByLabel('Text')
      .fill('# Exits\n\nFind the two nearest exits.\n\n- Walk, do not run\n- Leave your bag')
    await page.getByRole('button', { name: 'Add page' }).click()
    await page.waitForURL(/saved=added$/)
    await page.getByRole('link', { name: 'Add a quiz' }).click()
    await page.getByLabel('Title').fill('Fire quiz')
    await page.getByLabel('Introduction').fill('Two questions.')
    await page.getByRole('button', { name: 'Add quiz' }).click()
    await page.waitForURL(/activities\/[\w-]+\?saved=added$/)
    const questions: [string, string[], number][] = [
      ['The alarm sounds. You…', ['Finish your work', 'Leave by the nearest exit'], 2],
      ['Lifts during a fire?', ['Never', 'If it is quick', 'Always'], 1],
    ]
    for (const [prompt, choices, correct] of questions) {
      await page.getByLabel(/^Question/).fill(prompt)
      for (const [index, choice] of choices.entries()) {
        await page.getByLabel(`Choice ${index + 1}`, { exact: true }).fill(choice)
      }
      await page.getByRole('radio', { name: `Choice ${correct} is correct` }).check()
      await page.getByRole('button', { name: 'Add question' }).click()
      await page.waitForURL(/saved=question$/)
    }
    const quizId = /activities\/([\w-]+)/.exec(page.url())?.[1] ?? ''
    expect((await listQuestions(server.context.db, quizId)).map((q) => q.correctIndex)).toEqual([
      1, 0,
    ])
    // The quiz opens when the page is complete.
    await page.getByRole('checkbox', { name: 'Know your exits' }).check()
    await page.getByRole('button', { name: 'Save conditions' }).click()
    await page.waitForURL(/saved=conditions$/)
    await shot('tool-authoring-quiz')

    // Back on the course: base the grade on the quiz.
    await page.goto(courseUrl)
    await page.getByLabel('Base course grade on').selectOption({ label: 'Fire quiz' })
    await page.getByRole('button', { name: 'Save grade activity' }).click()
    await page.waitForURL(/saved=grade$/)
    const rows = page.getByTestId('activities').locator('tbody tr')
    expect(await rows.count()).toBe(2)
    expect(await rows.nth(1).textContent()).toContain('course grade')
    expect(await rows.nth(1).textContent()).toContain('When complete: Know your exits')
    await shot('tool-authoring-course')

    // The publishing flow takes the authored course as it takes the demo one.
    await page.getByRole('link', { name: 'Publish as LTI tool' }).click()
    await page.getByLabel('Name').fill('Fire safety for Pluto LMS')
    await page.getByLabel('Tool to publish').selectOption({ label: 'Course' })
    await page.getByRole('button', { name: 'Add method' }).click()
    await page.waitForURL(/\/publications\/[\w-]+\?done=created$/)
    await page.getByRole('link', { name: 'Launch information' }).click()
    await page.waitForURL(/\/published$/)
    const tool = page.getByTestId('published-tool')
    const publicBase = server.config.publicUrl.replace(/\/$/, '')
    expect(await tool.getByTestId('custom-parameters').first().textContent()).toBe('course=FIRE-1')
    expect(await tool.getByTestId('launch-url-external-id').textContent()).toBe(
      `${publicBase}/tool/lti/launch/FIRE-1`,
    )
    expect(await tool.getByTestId('basic-lti-xml').textContent()).toContain('Fire safety')
    await shot('tool-authoring-published')

    // Published now: the course stays.
    await page.goto(`${courseUrl}/delete`)
    expect(await page.getByRole('alert').textContent()).toContain('cannot be deleted')
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0)
    expect(failures).toEqual([])
    await page.close()
  })
})
