import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { redirectWithSession } from '../app-session/session.js'
import { createFixture, type Fixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'
import { ltiFastify, ltiSession } from './fastify.js'
import { launch11Over, launch13Over, pageAndScore } from './test-support.js'

let app: FastifyInstance | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

/** A Fastify application as integrators write it: a form parser for its own routes, the tool under /lti. */
async function start(f: Fixture, prefix: string): Promise<string> {
  app = Fastify()
  await app.register(formbody)
  await app.register(ltiFastify(f.tool), { prefix })
  app.get('/', { preHandler: ltiSession(f.tool) }, (request) => {
    return `Hello ${request.lti?.learner.givenName ?? ''}`
  })
  app.post('/score', { preHandler: ltiSession(f.tool) }, async (request) => {
    const { score } = request.body as { score: string }
    return request.lti?.score(Number(score))
  })
  return app.listen({ port: 0, host: '127.0.0.1' })
}

const fixture = () => createFixture({ tool: { onLaunch: redirectWithSession('/') } })

describe('Fastify adapter', () => {
  it('under the prefix /lti: an LTI 1.3 launch reaches the page and its score the platform', async () => {
    const f = await fixture()
    const origin = await start(f, '/lti')
    await pageAndScore(f, origin, await launch13Over(f, origin), 'Ada')
    expect(f.platform.scores.map((s) => s.score)).toMatchObject([
      { userId: 'user-ada', scoreGiven: 0.8, activityProgress: 'Completed' },
    ])
  })

  it('without a prefix: an LTI 1.1 launch, its page and a Basic Outcomes score; JWKS and 404 as the tool answers', async () => {
    const f = await fixture()
    const origin = await start(f, '')
    await pageAndScore(f, origin, await launch11Over(f, origin), 'Grace')
    expect(f.platform.outcomes).toEqual([{ sourcedId: 'sourced-grace', score: 0.8 }])
    const jwks = await fetch(`${origin}/lti/jwks`)
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300')
    expect(await errorCodeOf(await fetch(`${origin}/lti/nothing`))).toBe('ERR_LTI_ROUTE_NOT_FOUND')
  })

  it('refuses a prefix that does not hold the tool endpoints, and pages without a session', async () => {
    const f = await fixture()
    const wrong = Fastify()
    await expect(wrong.register(ltiFastify(f.tool), { prefix: '/tool' }).ready()).rejects.toThrow(
      /does not hold the tool's endpoints/,
    )
    await wrong.close()
    const origin = await start(f, '/lti')
    const none = await fetch(origin)
    expect(none.status).toBe(401)
    expect(await errorCodeOf(none)).toBe('ERR_LTI_SESSION_UNKNOWN')
  })
})
