import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAs, testSignInFeature } from '../features/school/test-session.js'
import { routerTable } from '../testing/route-table.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { type ApiRoute, registerApiGuard } from './guard.js'

/** Every console role the features define. */
const ROLES = ['administrator', 'teacher', 'student', 'parent', 'author']

let server: TestServer
let routes: readonly ApiRoute[]

beforeAll(async () => {
  server = await startTestServer({ extraFeatures: [testSignInFeature] })
  routes = server.app.apiRoutes
})

afterAll(async () => {
  await server.close()
})

/** A URL for a route pattern: each `:param` becomes an id that exists nowhere. */
function urlOf(route: ApiRoute): string {
  return `${server.url}${route.url.replace(/:\w+/g, 'no-such-id')}?unexpected=1`
}

/** Sends an invalid request (malformed JSON where a body can go) to `route`. */
async function callInvalid(route: ApiRoute, headers: Record<string, string>) {
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method)
  const response = await fetch(urlOf(route), {
    method: route.method,
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: '{"broken": ' } : {}),
  })
  await response.arrayBuffer()
  return response
}

describe('authorization before validation on every /api route', () => {
  it('finds the API routes of both roles in the route list', () => {
    const urls = new Set(routes.map((route) => route.url))
    for (const url of [
      '/api/platform/schools',
      '/api/platform/sections/:sectionId/assignments',
      '/api/platform/applications',
      '/api/platform/connections/:id/approve',
      '/api/tool/courses',
    ]) {
      expect(urls).toContain(url)
    }
    // Fastify's own table agrees: no /api path is missing from what the guard saw. The API's
    // public description (`publicApi()`) is the one exception. Parameters are compared by
    // position: the router prints every name used at one (`:id|:parentId`).
    const shape = (url: string) => url.replace(/:\w+(\|:\w+)*/g, ':')
    const seen = new Set(routes.map((r) => `${r.method} ${shape(r.url)}`))
    const printedApi = routerTable(server.app).filter(
      ({ url }) =>
        url.startsWith('/api/') && url !== '/api/openapi.json' && !url.startsWith('/api/reference'),
    )
    expect(printedApi.length).toBeGreaterThan(40)
    for (const { method, url } of printedApi) {
      expect(seen.has(`${method} ${shape(url)}`), `${method} ${url}`).toBe(true)
    }
  })

  it('answers 401 to anonymous callers, whatever they send', async () => {
    for (const route of routes) {
      const response = await callInvalid(route, {})
      expect(response.status, `${route.method} ${route.url}`).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Bearer')
      if (route.method !== 'HEAD') {
        expect(response.headers.get('content-type')).toContain('application/problem+json')
      }
    }
  })

  it('answers 403 to a signed-in person with every other role, before reading the body', async () => {
    // One sign-in per role set (sign-in is rate-limited per address).
    const cookies = new Map<string, string>()
    for (const route of routes) {
      const others = ROLES.filter((role) => !route.access.roles.includes(role))
      if (others.length === 0) continue
      const key = others.join('-')
      const cookie =
        cookies.get(key) ??
        (await signInAs(server.url, { id: `outsider-${key}`, name: 'Out', roles: others }))
      cookies.set(key, cookie)
      const response = await callInvalid(route, { cookie })
      expect(response.status, `${route.method} ${route.url} as ${others.join('+')}`).toBe(403)
    }
  })

  it('answers 401 invalid_token to a bearer that is no token', async () => {
    for (const route of routes) {
      const response = await callInvalid(route, { authorization: 'Bearer lth_not-a-token' })
      expect(response.status, `${route.method} ${route.url}`).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    }
    const basic = await fetch(`${server.url}/api/platform/schools`, {
      headers: { authorization: 'Basic YTpi' },
    })
    expect(basic.status).toBe(401)
    expect(await basic.json()).toMatchObject({ code: 'ERR_LTIHUB_API_TOKEN_INVALID' })
  })
})

describe('route declarations', () => {
  it('stops the server when an /api route declares no access', async () => {
    const app = Fastify()
    registerApiGuard(app, { publicUrl: 'http://localhost', session: async () => undefined })
    void app.register(async (scope) => void scope.get('/api/platform/forgotten', async () => ({})))
    await expect(app.ready()).rejects.toThrow(/declares allow/)
    await app.close()
  })

  it('stops the server when a route allows a role beyond its scope', async () => {
    const app = Fastify()
    registerApiGuard(app, { publicUrl: 'http://localhost', session: async () => undefined })
    const access = { config: { apiAccess: { roles: ['student'] } } }
    expect(() => app.get('/api/tool/courses', access, async () => ({}))).toThrow(
      /student not in tool:read/,
    )
    await app.close()
  })
})
