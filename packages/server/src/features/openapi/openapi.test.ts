import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { allow, type ApiRoute } from '../../api/guard.js'
import { routerTable } from '../../testing/route-table.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { newCourseBody } from '../school/schema.js'
import {
  jsonSchemaOf,
  type OpenApiDocument,
  type OpenApiOperation,
  openApiPath,
} from './document.js'

let server: TestServer
let document: OpenApiDocument

beforeAll(async () => {
  server = await startTestServer()
  const response = await fetch(`${server.url}/api/openapi.json`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
  document = (await response.json()) as OpenApiDocument
})

afterAll(async () => {
  await server.close()
})

/** Every `/api` route in fastify's router (not the guard's table the document is made from). */
function apiRouterTable(): Set<string> {
  const api = routerTable(server.app).filter(
    (route) => route.method !== 'HEAD' && (route.url === '/api' || route.url.startsWith('/api/')),
  )
  return new Set(api.map((route) => `${route.method} ${route.url}`))
}

function operations(): Map<string, OpenApiOperation> {
  const found = new Map<string, OpenApiOperation>()
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      found.set(`${method.toUpperCase()} ${path}`, operation)
    }
  }
  return found
}

const PUBLIC = new Set(['GET /api/openapi.json', 'GET /api/reference'])

describe('the OpenAPI document of /api', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const copy = structuredClone(document) as unknown as Record<string, unknown>
    expect(await validator.validate(copy)).toEqual({ valid: true })
    expect(validator.version).toBe('3.1')
  })

  it('is OpenAPI 3.1 with the bearer token scheme and its scopes', () => {
    expect(document.openapi).toBe('3.1.1')
    expect(document.components.securitySchemes['apiToken']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'lth_…',
    })
    const description = (document.components.securitySchemes['apiToken'] as { description: string })
      .description
    for (const scope of ['platform:read', 'platform:write', 'tool:read', 'tool:write']) {
      expect(description).toContain(`\`${scope}\``)
    }
  })

  it('lists exactly the guarded routes of the router', () => {
    const routed = [...apiRouterTable()].filter(
      (route) => !PUBLIC.has(route) && !route.startsWith('GET /api/reference/'),
    )
    // Sanity: the listing parser saw the API (both roles are on by default).
    expect(routed.length).toBeGreaterThan(40)
    expect(routed).toContain('POST /api/platform/courses')
    expect(routed).toContain('PATCH /api/tool/courses/:course/activities/:activity')
    // The router lists parameters at one position under all their names (`:id|:parentId`), so
    // the paths are compared with each parameter as `{}`; the next test checks the names.
    const shape = (route: string) => route.replace(/\{\w+\}|:\w+(\|:\w+)*/g, '{}')
    const documented = [...operations().keys()].map(shape)
    expect(documented.sort()).toEqual(routed.map(shape).sort())
  })

  it('describes each route with the schemas its handler parses, and its scope', () => {
    const byKey = operations()
    const guarded = server.app.apiRoutes.filter((route) => route.method !== 'HEAD')
    expect(guarded.length).toBe(byKey.size)
    for (const route of guarded) {
      const operation = byKey.get(`${route.method} ${openApiPath(route.url)}`)
      const { schemas } = route
      if (operation === undefined || schemas === undefined) {
        throw new Error(`${route.method} ${route.url}: not documented or without schemas`)
      }
      const parameters = new Map(operation.parameters.map((p) => [`${p.in}:${p.name}`, p]))
      for (const [where, schema] of [
        ['path', schemas.params],
        ['query', schemas.query],
      ] as const) {
        const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, object> }
        for (const [name, property] of Object.entries(json.properties ?? {})) {
          const { description: _d, ...rest } = property as { description?: string }
          expect(parameters.get(`${where}:${name}`)?.schema, `${route.url} ${name}`).toEqual(rest)
        }
      }
      // The path parameters are the URL's, no more, no less.
      const inUrl = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1])
      const inDoc = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name)
      expect(inDoc.sort(), route.url).toEqual(inUrl.sort())
      expect(operation.requestBody?.content['application/json'].schema).toEqual(
        schemas.body === undefined ? undefined : jsonSchemaOf(schemas.body, 'input'),
      )
      const success = operation.responses[String(schemas.status)] as {
        content?: { 'application/json': { schema: unknown } }
      }
      expect(success.content?.['application/json'].schema).toEqual(
        schemas.response === null ? undefined : jsonSchemaOf(schemas.response, 'output'),
      )
      expect(operation.security).toEqual([{ apiToken: [route.scope] }, { consoleSession: [] }])
    }
  })

  it("takes a body's schema from the module the route parses it with", () => {
    const operation = operations().get('POST /api/platform/courses')
    expect(operation?.requestBody?.content['application/json'].schema).toEqual(
      jsonSchemaOf(newCourseBody, 'input'),
    )
    expect(operation?.responses['201']).toBeDefined()
  })

  it('is public, while the API itself is not', async () => {
    const api = await fetch(`${server.url}/api/platform/courses`)
    expect(api.status).toBe(401)
    const reference = await fetch(`${server.url}/api/reference`)
    expect(reference.status).toBe(200)
    expect(await reference.text()).toContain('reference/swagger-ui-bundle.js')
    for (const asset of ['init.js', 'swagger-ui-bundle.js', 'swagger-ui.css']) {
      const response = await fetch(`${server.url}/api/reference/${asset}`)
      expect(response.status, asset).toBe(200)
      expect((await response.text()).length, asset).toBeGreaterThan(100)
    }
  })
})

describe('an /api route without schemas', () => {
  it('makes the document fail, naming the route', async () => {
    const bare = await startTestServer({
      extraFeatures: [
        {
          name: 'test-bare-route',
          async routes(app) {
            app.get('/api/platform/bare', allow('administrator'), async () => ({ ok: true }))
          },
        },
      ],
    })
    try {
      const response = await fetch(`${bare.url}/api/openapi.json`)
      expect(response.status).toBe(500)
      const route = bare.app.apiRoutes.find((r: ApiRoute) => r.url === '/api/platform/bare')
      expect(route?.schemas).toBeUndefined()
      expect(bare.logText()).toContain('GET /api/platform/bare declares no schemas')
    } finally {
      await bare.close()
    }
  })
})

describe('json schemas', () => {
  it('are JSON Schema without the dialect marker, requests as sent (before transforms)', () => {
    const schema = z.object({ n: z.string().transform((s) => s.length) })
    expect(jsonSchemaOf(schema, 'input')).toEqual({
      type: 'object',
      properties: { n: { type: 'string' } },
      required: ['n'],
    })
  })
})
