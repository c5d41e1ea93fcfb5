/**
 * A learner's browser against examples/platform-express, shared by its own test (tool in-process,
 * workspace sources) and the pack test (tool example from the installed tarballs): one cookie jar
 * per origin, redirects followed by hand, and the LTI 1.3 launch from the LMS's quiz link through
 * the tool's login page, the LMS's authorization and the id_token form post back to the tool.
 */
import { expect } from 'vitest'
import { readAutoPost } from '../src/testing/test-tool.js'

/** The endpoints the example prints once it listens. */
export interface Announced {
  readonly issuer: string
  readonly clientId: string
  readonly authorization: string
  readonly token: string
  readonly jwks: string
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>

export class Browser {
  readonly #jars = new Map<string, Map<string, string>>()
  readonly #fetch: Fetch

  /** `transport` replaces the global fetch, for example one that trusts a test CA. */
  constructor(transport: Fetch = fetch) {
    this.#fetch = transport
  }

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const { origin } = new URL(url)
    const jar = this.#jars.get(origin) ?? new Map<string, string>()
    this.#jars.set(origin, jar)
    const headers = new Headers(init.headers)
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await this.#fetch(url, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return response
  }

  /** Follows a 30x to its `Location` (relative to the response's URL). */
  follow(response: Response, from: string): Promise<Response> {
    expect([302, 303]).toContain(response.status)
    return this.go(new URL(response.headers.get('location') ?? '', from).href)
  }
}

/**
 * Signs `user` in to the LMS at `lms`, opens the quiz and carries the launch to the tool; answers
 * the tool's response to the id_token form post (what the learner lands on).
 */
export async function launchFromLms(
  browser: Browser,
  lms: string,
  user: string,
  announced: Announced,
  log: () => string,
): Promise<Response> {
  const signedIn = await browser.go(`${lms}/sign-in/${user}`)
  const home = await browser.follow(signedIn, lms)
  const href = /<a href="([^"]+)">Open the quiz<\/a>/.exec(await home.text())?.[1]
  expect(href, log()).toBeDefined()

  // LMS launch page → tool login → LMS authorization → id_token form post to the tool.
  const launchPage = await browser.go(new URL(href ?? '', lms).href)
  expect(launchPage.status, log()).toBe(303)
  const login = await browser.follow(launchPage, lms)
  expect(login.status, log()).toBe(200)
  // The tool's login page continues to the platform by script; its no-script link is the same.
  const html = await login.text()
  const continueUrl = /id="ltihub-continue" href="([^"]+)"/
    .exec(html)?.[1]
    ?.replaceAll('&amp;', '&')
  expect(continueUrl?.startsWith(announced.authorization), html).toBe(true)
  const authorization = await browser.go(continueUrl ?? '')
  expect(authorization.status, log()).toBe(200)
  const form = await readAutoPost(authorization)
  expect(form.id_token, JSON.stringify(form)).toBeDefined()
  const { '(action)': action = '', ...fields } = form
  return browser.go(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}
