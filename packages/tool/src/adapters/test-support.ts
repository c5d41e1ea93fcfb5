/**
 * Drives the fixture's platform against a tool served over real HTTP by a framework adapter: the
 * platform's requests are built for the tool's public URL and sent to the loopback server instead
 * (the tool compares paths only and verifies LTI 1.1 signatures over its public URL).
 */
import { expect } from 'vitest'
import type { Fixture } from '../testing/fixture.js'
import {
  authenticationStep,
  cookiesOf,
  idToken,
  launchPost,
  loginRequest,
  resourceLinkMessage,
} from '../testing/flows.js'

/** The same request, addressed to `origin`; redirects are left to the caller. */
export async function sendTo(origin: string, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return fetch(new URL(`${url.pathname}${url.search}`, origin), {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  })
}

/** An LTI 1.3 resource-link launch of Ada Lovelace with a line item, over HTTP. */
export async function launch13Over(f: Fixture, origin: string): Promise<Response> {
  const { tool, platform } = f
  const targetLinkUri = tool.urls.launch
  const login = await sendTo(origin, loginRequest(platform, tool.urls.login, { targetLinkUri }))
  const step = await authenticationStep(platform, login, [tool.urls.launch])
  const message = resourceLinkMessage({
    targetLinkUri,
    lineItemUrl: platform.urls.lineItem('7'),
    profile: { given_name: 'Ada', family_name: 'Lovelace' },
  })
  const token = await idToken(platform, step.nonce, message, 'user-ada', f.clock)
  return sendTo(
    origin,
    launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
  )
}

/** An LTI 1.1 launch of Grace Hopper with a Basic Outcomes service, over HTTP. */
export async function launch11Over(f: Fixture, origin: string): Promise<Response> {
  const request = await f.lti11Request({
    user_id: 'u-grace',
    roles: 'Learner',
    lis_person_name_given: 'Grace',
    lis_outcome_service_url: f.platform.urls.outcomes,
    lis_result_sourcedid: 'sourced-grace',
  })
  return sendTo(origin, request)
}

/**
 * Follows a launch to the application's page (the adapter's redirect with the session cookie),
 * checks the page greets the learner, posts a score of 0.8, and delivers it.
 */
export async function pageAndScore(
  f: Fixture,
  origin: string,
  launched: Response,
  name: string,
): Promise<void> {
  expect(launched.status).toBe(303)
  const location = launched.headers.get('location') ?? ''
  const cookie = cookiesOf(launched)
  expect(cookie).toMatch(/__Host-ltihub-launch=/)
  const page = await fetch(new URL(location, origin), { headers: { cookie } })
  expect(await page.text()).toContain(`Hello ${name}`)
  const scored = await fetch(new URL('/score', origin), {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      origin: f.tool.urls.origin,
    },
    body: 'score=0.8',
  })
  expect(await scored.json()).toMatchObject({ status: 'queued' })
  const report = await f.tool.grades.deliverDue()
  expect(report).toMatchObject({ delivered: 1 })
}
