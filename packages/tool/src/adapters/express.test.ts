import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { redirectWithSession } from '../app-session/session.js'
import { createFixture, type Fixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'
import { ltiExpress, ltiSession } from './express.js'
import { launch11Over, launch13Over, pageAndScore } from './test-support.js'

let server: Server | undefined

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** An Express application as integrators write it: a global body parser, the tool under /lti. */
async function start(f: Fixture, mount: (app: express.Express) => void): Promise<string> {
  const app = express()
  app.use(express.urlencoded())
  mount(app)
  app.get('/', ltiSession(f.tool), (req, res) => {
    res.send(`Hello ${req.lti?.learner.givenName ?? ''}`)
  })
  app.post('/score', ltiSession(f.tool), (req, res, next) => {
    const { score } = req.body as { score: string }
    req.lti?.score(Number(score)).then((outcome) => res.json(outcome), next)
  })
  app.get('/elsewhere', (_req, res) => {
    res.send('the application')
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server?.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const fixture = () => createFixture({ tool: { onLaunch: redirectWithSession('/') } })

describe('Express adapter', () => {
  it('under app.use("/lti") after express.urlencoded(): an LTI 1.3 launch reaches the page and its score the platform', async () => {
    const f = await fixture()
    const origin = await start(f, (app) => app.use('/lti', ltiExpress(f.tool)))
    await pageAndScore(f, origin, await launch13Over(f, origin), 'Ada')
    expect(f.platform.scores.map((s) => s.score)).toMatchObject([
      { userId: 'user-ada', scoreGiven: 0.8, scoreMaximum: 1, activityProgress: 'Completed' },
    ])
  })

  it('mounted at the root: an LTI 1.1 launch, its page and a Basic Outcomes score', async () => {
    const f = await fixture()
    const origin = await start(f, (app) => app.use(ltiExpress(f.tool)))
    await pageAndScore(f, origin, await launch11Over(f, origin), 'Grace')
    expect(f.platform.outcomes).toEqual([{ sourcedId: 'sourced-grace', score: 0.8 }])
    expect(await (await fetch(`${origin}/elsewhere`)).text()).toBe('the application')
  })

  it('before any body parser, streams the body; the JWKS and unknown endpoints answer as the tool does', async () => {
    const f = await fixture()
    const app = express()
    app.use('/lti', ltiExpress(f.tool))
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server?.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    expect((await launch11Over(f, origin)).status).toBe(303)
    expect((await fetch(`${origin}/lti/jwks`)).headers.get('content-type')).toBe('application/json')
    expect(await errorCodeOf(await fetch(`${origin}/lti/nothing`))).toBe('ERR_LTI_ROUTE_NOT_FOUND')
  })

  it('passes a form it cannot rebuild (qs nested syntax) to the error handler as a TypeError', async () => {
    const f = await fixture()
    const errors: unknown[] = []
    const app = express()
    app.use(express.urlencoded({ extended: true }))
    app.use('/lti', ltiExpress(f.tool))
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: unknown) => {
      errors.push(error)
      res.status(500).end()
    })
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server?.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const response = await fetch(`${origin}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'custom[course]=SAFE-101&user_id=1',
    })
    expect(response.status).toBe(500)
    expect(errors[0]).toBeInstanceOf(TypeError)
    expect(String(errors[0])).toMatch(/extended: false/)
  })

  it('answers a declared body over maxBodyBytes with 413, unread', async () => {
    const f = await fixture()
    const app = express()
    app.use('/lti', ltiExpress(f.tool, { maxBodyBytes: 1000 }))
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server?.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const response = await fetch(`${origin}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(1001),
    })
    expect(response.status).toBe(413)
  })

  it('refuses the pages without a session, with an unknown one, and a cross-origin score post', async () => {
    const f = await fixture()
    const origin = await start(f, (app) => app.use('/lti', ltiExpress(f.tool)))
    const none = await fetch(origin)
    expect(none.status).toBe(401)
    expect(await errorCodeOf(none)).toBe('ERR_LTI_SESSION_UNKNOWN')
    const forged = await fetch(origin, {
      headers: { cookie: '__Host-ltihub-launch=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    })
    expect(forged.status).toBe(401)
    const launched = await launch13Over(f, origin)
    const cookie = launched.headers.getSetCookie()[0]?.split(';')[0] ?? ''
    const crossSite = await fetch(`${origin}/score`, {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'score=1',
    })
    expect(crossSite.status).toBe(401)
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 0 })
  })
})
