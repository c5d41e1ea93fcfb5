/**
 * Drives the fixture's platform against a tool served over real HTTP by a framework adapter: the
 * platform's requests are built for the tool's public URL and sent to the loopback server instead
 * (the tool compares paths only and verifies LTI 1.1 signatures over its public URL).
 */
import { expect } from 'vitest'
import { CONSUMER, type Fixture } from '../testing/fixture.js'
import { cookiesOf } from '../testing/flows.js'
import { launch11OverHttp, launch13OverHttp } from '../testing/http-launch.js'

/** An LTI 1.3 resource-link launch of Ada Lovelace with a line item, over HTTP. */
export function launch13Over(f: Fixture, origin: string): Promise<Response> {
  return launch13OverHttp(f.platform, f.tool.urls, {
    subject: 'user-ada',
    givenName: 'Ada',
    lineItemUrl: f.platform.urls.lineItem('7'),
    clock: f.clock,
    via: origin,
  })
}

/** An LTI 1.1 launch of Grace Hopper with a Basic Outcomes service, over HTTP. */
export function launch11Over(f: Fixture, origin: string): Promise<Response> {
  return launch11OverHttp(f.tool.urls, {
    consumer: CONSUMER,
    params: {
      user_id: 'u-grace',
      roles: 'Learner',
      lis_person_name_given: 'Grace',
      lis_outcome_service_url: f.platform.urls.outcomes,
      lis_result_sourcedid: 'sourced-grace',
    },
    clock: f.clock,
    via: origin,
  })
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
