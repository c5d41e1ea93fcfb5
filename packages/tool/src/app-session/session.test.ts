import { describe, expect, it } from 'vitest'
import { createFixture } from '../testing/fixture.js'
import { cookiesOf } from '../testing/flows.js'
import { readSessionCookie, SESSION_COOKIE, sessionCookie } from './cookie.js'
import { isCrossOriginWrite, redirectWithSession } from './session.js'

const TOOL = 'https://tool.example.com'

async function launched(location: Parameters<typeof redirectWithSession>[0] = '/app') {
  const f = await createFixture({ tool: { onLaunch: redirectWithSession(location) } })
  const { response } = await f.launch13({
    profile: { given_name: 'Ada' },
    lineItemUrl: f.platform.urls.lineItem('1'),
  })
  return { f, response, cookie: cookiesOf(response) }
}

describe('carrying the launch to the application', () => {
  it('redirects to the page with an HttpOnly, partitioned cookie that lasts as long as the session', async () => {
    const { response } = await launched()
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/app')
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))
    expect(cookie).toMatch(/Max-Age=28800; Path=\/; Secure; HttpOnly; SameSite=None; Partitioned$/)
  })

  it('computes the page from the launch when given a function', async () => {
    const { response } = await launched((launch) => `/courses/${launch.course.id}`)
    expect(response.headers.get('location')).toBe('/courses/course-1')
  })

  it('gives the page the launch, and a score that goes to the outbox as the grade of the publication', async () => {
    const { f, cookie } = await launched()
    const session = await f.tool.sessionOf(new Request(`${TOOL}/app`, { headers: { cookie } }))
    expect(session?.learner.givenName).toBe('Ada')
    expect(session?.course.id).toBe('course-1')
    expect(await session?.score(0.5, { completed: false })).toEqual({
      status: 'skipped',
      reason: 'not-completed',
    })
    expect(await session?.score(0.5, { activityId: 'activity-intro' })).toEqual({
      status: 'skipped',
      reason: 'not-grade-activity',
    })
    expect(await session?.score(0.75, { comment: 'Well done' })).toMatchObject({
      status: 'queued',
    })
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    expect(f.platform.scores[0]?.score).toMatchObject({ scoreGiven: 0.75, comment: 'Well done' })
  })

  it('carries nothing without the cookie, after the session expired, or for a cross-site write', async () => {
    const { f, cookie } = await launched()
    const at = (init: RequestInit = {}) => f.tool.sessionOf(new Request(`${TOOL}/app`, init))
    expect(await at()).toBeUndefined()
    const post = { method: 'POST', headers: { cookie } }
    expect(await at(post)).toBeDefined()
    expect(await at({ ...post, headers: { cookie, origin: TOOL } })).toBeDefined()
    expect(
      await at({ ...post, headers: { cookie, origin: 'https://lms.example' } }),
    ).toBeUndefined()
    expect(
      await at({ ...post, headers: { cookie, 'sec-fetch-site': 'cross-site' } }),
    ).toBeUndefined()
    f.advance(8 * 3_600_000)
    expect(await at({ headers: { cookie } })).toBeUndefined()
  })

  it('reads only a well-formed session id from the Cookie header, and only safe methods skip the origin check', () => {
    const id = 'A'.repeat(32)
    expect(readSessionCookie(new Headers({ cookie: `a=1; ${SESSION_COOKIE}=${id}` }))).toBe(id)
    expect(readSessionCookie(new Headers({ cookie: `${SESSION_COOKIE}=x;y` }))).toBeUndefined()
    expect(() => sessionCookie('bad id', 60)).toThrow(TypeError)
    const get = new Request(TOOL, { headers: { origin: 'https://evil.example' } })
    expect(isCrossOriginWrite(get, TOOL)).toBe(false)
    const put = new Request(TOOL, { method: 'PUT', headers: { 'sec-fetch-site': 'same-site' } })
    expect(isCrossOriginWrite(put, TOOL)).toBe(true)
  })
})
