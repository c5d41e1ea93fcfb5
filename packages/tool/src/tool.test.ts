import { describe, expect, it } from 'vitest'
import type { ToolEvent } from './events.js'
import { createKeyRing, generateSigningKey } from './internal/core.js'
import { createMemoryPorts } from './testing/memory-ports.js'
import { createFixture } from './testing/fixture.js'
import { errorCodeOf } from './testing/flows.js'
import { createLtiTool } from './tool.js'
import type { LtiToolOptions } from './config.js'

const key = generateSigningKey()

async function options(overrides: Record<string, unknown> = {}): Promise<LtiToolOptions> {
  return {
    ports: createMemoryPorts({ keyRing: createKeyRing({ current: await key }) }),
    publicUrl: 'https://tool.example.com/',
    userAgent: 'my-app/1.0',
    toolName: 'My app',
    onLaunch: () => new Response('ok'),
    ...overrides,
  } as LtiToolOptions
}

describe('createLtiTool', () => {
  it.each([
    ['an http public URL', { publicUrl: 'http://tool.example.com/' }, /https/],
    ['a public URL with a query', { publicUrl: 'https://tool.example.com/?a=1' }, /query/],
    ['a relative public URL', { publicUrl: '/lti' }, /absolute/],
    ['a user agent with a newline', { userAgent: 'a\nb' }, /userAgent/],
    ['no onLaunch', { onLaunch: undefined }, /onLaunch/],
    ['a fetch that is not a function', { fetch: 'yes' }, /fetch/],
    ['a zero state TTL', { stateTtlSeconds: 0 }, /stateTtlSeconds/],
    ['an unknown retry setting', { gradeDelivery: { retries: 3 } }, /gradeDelivery/],
  ])('refuses %s at creation with a TypeError', async (_name, overrides, message) => {
    const input = await options(overrides)
    expect(() => createLtiTool(input)).toThrow(TypeError)
    expect(() => createLtiTool(input)).toThrow(message)
  })

  it('accepts http on localhost for development and mounts under a base path', async () => {
    const tool = createLtiTool(await options({ publicUrl: 'http://localhost:3000/apps/lti' }))
    expect(tool.urls.login).toBe('http://localhost:3000/apps/lti/lti/login')
    expect(tool.urls.launchFor('A B/C')).toBe('http://localhost:3000/apps/lti/lti/launch/A%20B%2FC')
    const jwks = await tool.handle(new Request('http://localhost:3000/apps/lti/lti/jwks'))
    expect(jwks.status).toBe(200)
  })

  it('builds independent instances: no singleton', async () => {
    const a = createLtiTool(await options({ publicUrl: 'https://a.example/' }))
    const b = createLtiTool(await options({ publicUrl: 'https://b.example/' }))
    expect(a.urls.login).not.toBe(b.urls.login)
  })
})

describe('routing and tool endpoints', () => {
  it('publishes the public key set, without private members', async () => {
    const f = await createFixture()
    const response = await f.tool.handle(new Request('https://tool.example.com/lti/jwks'))
    const body = (await response.json()) as { keys: Record<string, unknown>[] }
    expect(body.keys).toHaveLength(1)
    expect(body.keys[0]).toMatchObject({ kid: f.keyRing.current.kid, alg: 'RS256', use: 'sig' })
    expect(body.keys[0]).not.toHaveProperty('d')
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
  })

  it.each([
    ['GET', 'https://tool.example.com/lti/unknown', 'ERR_LTI_ROUTE_NOT_FOUND', 404],
    ['GET', 'https://tool.example.com/other/lti/login', 'ERR_LTI_ROUTE_NOT_FOUND', 404],
    ['GET', 'https://tool.example.com/lti/cartridge/%E0%A4%A.xml', 'ERR_LTI_ROUTE_NOT_FOUND', 404],
    ['DELETE', 'https://tool.example.com/lti/login', 'ERR_LTI_METHOD_NOT_ALLOWED', 405],
    ['GET', 'https://tool.example.com/lti/deep-linking', 'ERR_LTI_METHOD_NOT_ALLOWED', 405],
    ['POST', 'https://tool.example.com/lti/register', 'ERR_LTI_METHOD_NOT_ALLOWED', 405],
  ])('answers %s %s with %s', async (method, url, code, status) => {
    const f = await createFixture()
    const response = await f.tool.handle(new Request(url, { method }))
    expect(response.status).toBe(status)
    expect(await errorCodeOf(response)).toBe(code)
  })

  it('reports failures as events with their private detail, and survives a throwing listener', async () => {
    const events: ToolEvent[] = []
    const f = await createFixture({
      tool: {
        onEvent: (event) => {
          events.push(event)
          throw new Error('listener bug')
        },
      },
    })
    const response = await f.tool.handle(new Request('https://tool.example.com/lti/nothing'))
    expect(response.status).toBe(404)
    expect(events[0]).toMatchObject({
      type: 'request.failed',
      code: 'ERR_LTI_ROUTE_NOT_FOUND',
      detail: '/lti/nothing',
    })
  })

  it('turns an application error in onLaunch into a bare 500 page, with no detail', async () => {
    const f = await createFixture({
      tool: {
        onLaunch: () => {
          throw new Error('database password is hunter2')
        },
      },
    })
    const { response } = await f.launch13({ custom: { course: 'SAFE-101' } })
    expect(response.status).toBe(500)
    const html = await response.text()
    expect(html).toContain('ERR_INTERNAL')
    expect(html).not.toContain('hunter2')
  })

  it('finds launch sessions by id, and only launch sessions', async () => {
    const f = await createFixture()
    await f.launch13({ custom: { course: 'SAFE-101' } })
    const id = f.launches[0]?.sessionId ?? ''
    expect((await f.tool.session(id))?.learner.externalId).toBe('testlms:user-1')
    expect(await f.tool.deepLinkingSession(id)).toBeUndefined()
    expect(await f.tool.session('unknown')).toBeUndefined()
    f.advance(8 * 3_600_000)
    expect(await f.tool.session(id)).toBeUndefined()
  })
})
