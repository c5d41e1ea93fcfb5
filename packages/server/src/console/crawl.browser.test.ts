/**
 * Issue 11's crawl: each demo person signs in, and every navigation entry and every same-origin
 * link on each page reached is followed (a bounded breadth-first crawl, GET only: no form is
 * posted, so sign-out and destructive actions never run). Every page must answer below 400 with
 * HTML, not JSON, have one h1, a title and a viewport meta tag, not scroll sideways at 390 and
 * 1280 px, and show no serious or critical axe-core violation. Each home is photographed at both
 * widths into test-artifacts/.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, useBrowser } from '../testing/browser.js'
import { startTestServer, type TestServer } from '../testing/server.js'

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

const WIDTHS = [1280, 390] as const

/** The demo people, by the name on their "Sign in as" button. */
const PEOPLE = [
  {
    key: 'administrator',
    button: 'Sign in as Demo Administrator',
    panels: ['district', 'connections', 'tool', 'authoring', 'instance'],
  },
  {
    key: 'teacher',
    button: 'Sign in as Taylor Reed (teacher)',
    panels: ['sections', 'learning-tools'],
  },
  {
    key: 'student',
    button: 'Sign in as Ava Lopez (student)',
    panels: ['todo', 'courses', 'learning-tools'],
  },
  {
    key: 'parent',
    button: 'Sign in as Maria Lopez (parent)',
    panels: ['children', 'learning-tools'],
  },
  { key: 'tool-administrator', button: 'Sign in as Demo Tool Administrator', panels: ['tool'] },
  { key: 'author', button: 'Sign in as Demo Course Author', panels: ['authoring'] },
] as const

/** Pages per person, and pages per path shape (ids replaced), so the crawl stays bounded. */
const MAX_PAGES = 80
const MAX_PER_SHAPE = 3

/** Paths crawled as pages: the console and the platform's launch pages (HTML for people). */
function isPagePath(path: string): boolean {
  return (
    path === '/console' ||
    path.startsWith('/console/') ||
    path.startsWith('/platform/launch/') ||
    /^\/platform\/learning-tools\/[^/]+\/launch$/.test(path)
  )
}

/** A path with its id-like segments replaced: `/console/platform/sections/:id/grades`. */
function shapeOf(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((segment) =>
      /\d/.test(segment) && segment.length >= 8
        ? ':id'
        : /^[0-9a-f-]{16,}$/.test(segment)
          ? ':id'
          : segment,
    )
    .join('/')
  return `${path}?${[...url.searchParams.keys()].sort().join('&')}`
}

interface Findings {
  readonly problems: string[]
  readonly visited: string[]
}

async function overflowAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 })
  // The page reacts to the resize event (console.js marks boxes that now scroll as focusable);
  // that event runs before the next frame, so two frames later the page is what a person sees.
  await page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  )
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    return root.scrollWidth - window.innerWidth
  })
}

async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } }).axe
    const result = (await axe.run(document)) as {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
    }
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}) at ${v.nodes
            .map((n) => JSON.stringify(n.target))
            .slice(0, 3)
            .join(' ')}`,
      )
  })
  return violations
}

/** Checks one page already loaded at 1280 px; returns the same-origin links it offers. */
async function checkPage(page: Page, where: string, findings: Findings): Promise<string[]> {
  const problem = (text: string) => findings.problems.push(`${where}: ${text}`)
  const facts = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    title: document.title.trim(),
    viewport: document.querySelector('meta[name="viewport"]') !== null,
    body: (document.body?.innerText ?? '').trim().slice(0, 1),
    utcTimes: [...document.querySelectorAll('time[data-local]')].filter((time) =>
      (time.textContent ?? '').endsWith(' UTC'),
    ).length,
    links: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
      .filter((a) => a.target !== '_blank')
      .map((a) => a.href),
  }))
  if (facts.h1 !== 1) problem(`${facts.h1} h1 elements`)
  if (facts.title === '') problem('no <title>')
  if (!facts.viewport) problem('no viewport meta tag')
  if (facts.body === '{' || facts.body === '[') problem('raw JSON body')
  if (facts.utcTimes > 0) problem(`${facts.utcTimes} dates not shown in the reader's time zone`)
  for (const width of WIDTHS) {
    const overflow = await overflowAt(page, width)
    if (overflow > 0) problem(`scrolls sideways by ${overflow} px at ${width} px`)
    for (const violation of await axeViolations(page)) problem(`axe at ${width} px: ${violation}`)
  }
  await page.setViewportSize({ width: WIDTHS[0], height: 900 })
  return facts.links
}

async function crawl(page: Page, origin: string, person: string): Promise<Findings> {
  const findings: Findings = { problems: [], visited: [] }
  const queue = [`${origin}/console`]
  const seen = new Set(queue)
  const shapes = new Map<string, number>()
  while (queue.length > 0 && findings.visited.length < MAX_PAGES) {
    const href = queue.shift() ?? ''
    const url = new URL(href)
    const where = `${person} ${url.pathname}${url.search}`
    const response = await page.goto(href)
    findings.visited.push(`${url.pathname}${url.search}`)
    const status = response?.status() ?? 0
    const type = (await response?.headerValue('content-type')) ?? ''
    if (status >= 400 || status === 0) findings.problems.push(`${where}: answered ${status}`)
    if (!type.startsWith('text/html')) {
      findings.problems.push(`${where}: answered ${type}, not HTML`)
      continue
    }
    // A launch page hands over to the tool: check the page, do not follow into the tool.
    const launch = url.pathname.startsWith('/platform/')
    const links = await checkPage(page, where, findings)
    if (launch) continue
    for (const link of links) {
      const next = new URL(link)
      next.hash = ''
      if (next.origin !== origin || seen.has(next.href)) continue
      seen.add(next.href)
      if (!isPagePath(next.pathname)) {
        // A document such as a JWKS or a cartridge: it must answer, in whatever type it has.
        const other = await page.request.get(next.href)
        if (other.status() >= 400)
          findings.problems.push(`${where}: link ${next.pathname} answered ${other.status()}`)
        continue
      }
      const shape = shapeOf(next)
      const count = shapes.get(shape) ?? 0
      if (count >= MAX_PER_SHAPE) continue
      shapes.set(shape, count + 1)
      queue.push(next.href)
    }
  }
  return findings
}

describe('the console for each demo person, crawled in Chromium', () => {
  const browser = useBrowser()
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it.each(PEOPLE)(
    'every page $key reaches answers HTML, fits 390 and 1280 px and passes axe-core',
    async ({ key, button, panels }) => {
      // The console's CSP allows own scripts only; the test injects axe-core inline past it.
      const context = await browser().newContext({
        viewport: { width: WIDTHS[0], height: 900 },
        bypassCSP: true,
        locale: 'en-US',
        timezoneId: 'America/New_York',
      })
      const page = await context.newPage()
      try {
        const origin = new URL(server.url).origin
        await page.goto(`${origin}/console/sign-in`)
        await page.getByRole('button', { name: button, exact: true }).click()
        await page.waitForURL(`${origin}/console`)
        // The home shows this person's panels and nobody else's.
        const shown = await page
          .locator('[data-testid^="home-"][aria-labelledby]')
          .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-testid')))
        expect(shown.sort()).toEqual(panels.map((panel) => `home-${panel}`).sort())
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 })
          await page.screenshot({ path: screenshotPath(`home-${key}-${width}`), fullPage: true })
        }
        await page.setViewportSize({ width: 390, height: 900 })
        const menu = page.locator('details.menu > summary')
        expect(await menu.isVisible()).toBe(true)
        expect(await page.locator('nav.side').isVisible()).toBe(false)
        await menu.click()
        expect(await page.getByRole('navigation', { name: 'Console' }).isVisible()).toBe(true)
        await page.setViewportSize({ width: WIDTHS[0], height: 900 })

        const findings = await crawl(page, origin, key)
        // What was visited, for whoever reads the test's artifacts.
        writeFileSync(
          screenshotPath(`crawl-${key}`).replace(/\.png$/, '.json'),
          JSON.stringify(findings, null, 2),
        )
        expect(findings.visited.length).toBeGreaterThan(1)
        expect(findings.problems).toEqual([])
      } finally {
        await context.close()
      }
    },
    300_000,
  )
})
