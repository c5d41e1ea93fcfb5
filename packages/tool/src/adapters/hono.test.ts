import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { redirectWithSession } from '../app-session/session.js'
import { createFixture, type Fixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'
import { type LtiEnv, ltiHono, ltiSession } from './hono.js'
import { launch11Over, launch13Over, pageAndScore } from './test-support.js'

let server: ServerType | undefined

afterEach(async () => {
  await new Promise((resolve) =>
    server === undefined ? resolve(undefined) : server.close(resolve),
  )
  server = undefined
})

/**
 * A Hono application as integrators write it; `readFirst` adds middleware that parses every body
 * before the tool sees it.
 */
async function start(f: Fixture, readFirst: boolean): Promise<string> {
  const app = new Hono<LtiEnv>()
  if (readFirst) {
    app.use(async (c, next) => {
      if (c.req.method === 'POST') await c.req.parseBody()
      await next()
    })
  }
  app.use('/lti/*', ltiHono(f.tool))
  app.get('/', ltiSession(f.tool), (c) => c.text(`Hello ${c.var.lti.learner.givenName ?? ''}`))
  app.post('/score', ltiSession(f.tool), async (c) => {
    const { score } = await c.req.parseBody()
    return c.json(await c.var.lti.score(Number(score)))
  })
  app.get('/elsewhere', (c) => c.text('the application'))
  const listening = new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, resolve)
  })
  return `http://127.0.0.1:${(await listening).port}`
}

const fixture = () => createFixture({ tool: { onLaunch: redirectWithSession('/') } })

describe('Hono adapter', () => {
  it('after middleware that parsed the body: an LTI 1.3 launch reaches the page and its score the platform', async () => {
    const f = await fixture()
    const origin = await start(f, true)
    await pageAndScore(f, origin, await launch13Over(f, origin), 'Ada')
    expect(f.platform.scores.map((s) => s.score)).toMatchObject([
      { userId: 'user-ada', scoreGiven: 0.8, activityProgress: 'Completed' },
    ])
  })

  it('with the raw body: an LTI 1.1 launch, its page and a Basic Outcomes score; other paths go on', async () => {
    const f = await fixture()
    const origin = await start(f, false)
    await pageAndScore(f, origin, await launch11Over(f, origin), 'Grace')
    expect(f.platform.outcomes).toEqual([{ sourcedId: 'sourced-grace', score: 0.8 }])
    expect(await (await fetch(`${origin}/elsewhere`)).text()).toBe('the application')
    expect(await errorCodeOf(await fetch(`${origin}/lti/nothing`))).toBe('ERR_LTI_ROUTE_NOT_FOUND')
    const none = await fetch(origin)
    expect(none.status).toBe(401)
    expect(await errorCodeOf(none)).toBe('ERR_LTI_SESSION_UNKNOWN')
  })
})
