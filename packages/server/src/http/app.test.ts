import { LtiError } from '@ltihub/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Feature } from '../features/feature.js'
import { testDialects, useTestDatabase } from '../testing/databases.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { HttpProblem } from './problems.js'
import { DEFAULT_CSP } from './security-headers.js'
import { parseRequest } from './validate.js'

const dialects = await testDialects()
const PRIVATE_KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

const probeFeature: Feature = {
  name: 'test-probe',
  async routes(app) {
    app.get('/test/lti-error', () => {
      throw new LtiError('ERR_LTI_MALFORMED_JSON', { detail: 'private-detail-4711', claim: 'x' })
    })
    app.get('/test/crash', () => {
      throw new Error('connection to postgres://admin:hunter2@db failed')
    })
    app.get('/test/forbidden', () => {
      throw new HttpProblem(403, 'private-reason')
    })
    app.post('/test/echo', async (request) => {
      const schema = z.object({ name: z.string().min(3), nested: z.object({ n: z.number() }) })
      return parseRequest(schema, request.body, 'body')
    })
  },
}

async function problemOf(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
  return response.json()
}

describe.each(dialects)('health and key sets on $name', (dialect) => {
  const database = useTestDatabase(dialect, { migrate: false })
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('answers /health with 200 and security headers', async () => {
    server = await startTestServer({ database: database() })
    const response = await fetch(`${server.url}/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } })
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('content-security-policy')).toBe(DEFAULT_CSP)
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/)
    expect(response.headers.get('strict-transport-security')).toBeNull()
  })

  it('answers /health with 503 when the database is down, without saying why', async () => {
    server = await startTestServer({ database: database() })
    await server.context.db.destroy()
    const response = await fetch(`${server.url}/health`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'unavailable' },
    })
    expect(server.logs.some((line) => line['msg'] === 'health check: database unavailable')).toBe(
      true,
    )
  })

  it('publishes separate public key sets for the platform and the tool', async () => {
    server = await startTestServer({ database: database() })
    const sets = await Promise.all(
      ['platform', 'tool'].map(async (role) => {
        const response = await fetch(`${server?.url}/${role}/jwks.json`)
        expect(response.status).toBe(200)
        expect(response.headers.get('cache-control')).toBe('public, max-age=300')
        expect(response.headers.get('content-type')).toContain('application/json')
        return (await response.json()) as { keys: Record<string, unknown>[] }
      }),
    )
    for (const set of sets) {
      expect(set.keys).toHaveLength(2)
      for (const key of set.keys) {
        expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
        expect(typeof key['kid']).toBe('string')
        for (const member of PRIVATE_KEY_MEMBERS) expect(key).not.toHaveProperty(member)
      }
    }
    const [platform, tool] = sets.map((set) => set.keys.map((key) => key['kid']))
    expect(platform?.some((kid) => tool?.includes(kid))).toBe(false)
  })
})

describe('roles', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('serves only the enabled role key set and creates only its ring', async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    expect((await fetch(`${server.url}/tool/jwks.json`)).status).toBe(200)
    expect((await fetch(`${server.url}/platform/jwks.json`)).status).toBe(404)
    const purposes = await server.context.db.selectFrom('signing_keys').select('purpose').execute()
    expect(new Set(purposes.map((row) => row.purpose))).toEqual(new Set(['tool']))
  })
})

describe('errors as problem details', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ extraFeatures: [probeFeature], env: { BODY_LIMIT: '1024' } })
  })
  afterAll(async () => {
    await server.close()
  })

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fetch(`${server.url}/no/such/route`)
    expect(response.status).toBe(404)
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
    })
  })

  it('answers an LtiError with its public problem and logs the private detail', async () => {
    const response = await fetch(`${server.url}/test/lti-error`)
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem).toEqual(new LtiError('ERR_LTI_MALFORMED_JSON', { claim: 'x' }).toProblem())
    expect(JSON.stringify(problem)).not.toContain('private-detail')
    expect(server.logText()).toContain('private-detail-4711')
  })

  it('answers an unknown error with a bare 500 and keeps its message in the log', async () => {
    const response = await fetch(`${server.url}/test/crash`)
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
    })
    expect(text).not.toContain('hunter2')
    const logged = server.logs.find((line) => line['status'] === 500)
    expect(logged?.['level']).toBe(50)
  })

  it('answers an HttpProblem with its status only', async () => {
    const response = await fetch(`${server.url}/test/forbidden`)
    expect(response.status).toBe(403)
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    })
  })

  it('names each invalid field with its path', async () => {
    const response = await fetch(`${server.url}/test/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ab', nested: { n: 'x' } }),
    })
    expect(response.status).toBe(400)
    const problem = (await problemOf(response)) as { code: string; errors: { path: string }[] }
    expect(problem.code).toBe('ERR_LTI_INVALID_PAYLOAD')
    expect(problem.errors.map((error) => error.path)).toEqual(['body.name', 'body.nested.n'])
  })

  it('accepts a valid body as JSON and as a form', async () => {
    const json = await fetch(`${server.url}/test/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'abc', nested: { n: 1 }, extra: true }),
    })
    expect(await json.json()).toEqual({ name: 'abc', nested: { n: 1 } })
    const form = await fetch(`${server.url}/test/echo`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'abc' }),
    })
    expect(((await problemOf(form)) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      'body.nested',
    )
  })

  it('refuses an oversize body with 413 ERR_LTI_INPUT_TOO_LARGE', async () => {
    for (const [type, body] of [
      ['application/json', JSON.stringify({ name: 'x'.repeat(2000) })],
      ['application/x-www-form-urlencoded', `name=${'x'.repeat(2000)}`],
    ] as const) {
      const response = await fetch(`${server.url}/test/echo`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      })
      expect(response.status).toBe(413)
      expect(await problemOf(response)).toMatchObject({
        code: 'ERR_LTI_INPUT_TOO_LARGE',
        status: 413,
      })
    }
  })

  it('refuses malformed JSON, prototype poisoning and unknown media types', async () => {
    const post = (type: string, body: string) =>
      fetch(`${server.url}/test/echo`, { method: 'POST', headers: { 'content-type': type }, body })
    const broken = await post('application/json', '{"name":')
    expect(broken.status).toBe(400)
    expect(await problemOf(broken)).toMatchObject({ code: 'ERR_LTI_MALFORMED_JSON' })
    const poisoned = await post('application/json', '{"__proto__":{"admin":true}}')
    expect(poisoned.status).toBe(400)
    const xml = await post('text/xml', '<a/>')
    expect(xml.status).toBe(415)
    expect(await problemOf(xml)).toMatchObject({ code: 'ERR_LTI_UNSUPPORTED_MEDIA_TYPE' })
  })

  it('never logs the root secret, authorization or cookie headers', async () => {
    await fetch(`${server.url}/test/crash`, {
      headers: { authorization: 'Bearer token-abc-123', cookie: 'ltihub_session=cookie-xyz-789' },
    })
    const text = server.logText()
    expect(text).not.toContain('token-abc-123')
    expect(text).not.toContain('cookie-xyz-789')
    expect(text).not.toContain(server.config.secret?.reveal() ?? 'no secret')
  })
})

describe('startup and request ids', () => {
  it('refuses to start on a port in use', async () => {
    const first = await startTestServer()
    try {
      const port = new URL(first.url).port
      await expect(startTestServer({ env: { PORT: port } })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      })
    } finally {
      await first.close()
    }
  })

  it('keeps a proxy request id only when the proxy is trusted', async () => {
    const id = 'proxy-request-0001'
    const trusted = await startTestServer({ env: { TRUST_PROXY: 'true' } })
    const untrusted = await startTestServer()
    try {
      const a = await fetch(`${trusted.url}/health`, { headers: { 'x-request-id': id } })
      expect(a.headers.get('x-request-id')).toBe(id)
      const b = await fetch(`${untrusted.url}/health`, { headers: { 'x-request-id': id } })
      expect(b.headers.get('x-request-id')).not.toBe(id)
      const c = await fetch(`${trusted.url}/health`, {
        headers: { 'x-request-id': 'bad id\u00e9' },
      })
      expect(c.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/)
    } finally {
      await Promise.all([trusted.close(), untrusted.close()])
    }
  })
})
