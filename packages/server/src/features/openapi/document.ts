/**
 * The OpenAPI 3.1 description of `/api`, made from the routes themselves: the API guard's table
 * of every `/api` route (method, URL, roles, token scope) and the zod schemas each route parses
 * its params, query, body and response with (api/contract.ts), converted by zod's own
 * JSON Schema generator (draft 2020-12, the dialect of OpenAPI 3.1). Nothing is written by hand,
 * so the document cannot drift from what the routes accept and answer.
 * @see https://spec.openapis.org/oas/v3.1.1.html
 */
import { z } from 'zod'
import type { ApiSchemas } from '../../api/contract.js'
import type { ApiRoute } from '../../api/guard.js'
import { API_SCOPES, SCOPE_NAMES } from '../../api/scopes.js'
import { TOKEN_PREFIX } from '../api-tokens/service.js'

export type JsonSchema = { readonly [key: string]: unknown }

interface Parameter {
  readonly name: string
  readonly in: 'path' | 'query'
  readonly required: boolean
  readonly schema: JsonSchema
  readonly description?: string
}

export interface OpenApiOperation {
  readonly operationId: string
  readonly summary?: string
  readonly description: string
  readonly tags: readonly string[]
  readonly parameters: readonly Parameter[]
  readonly requestBody?: {
    readonly required: true
    readonly content: { readonly 'application/json': { readonly schema: JsonSchema } }
  }
  readonly responses: Readonly<Record<string, unknown>>
  readonly security: readonly Readonly<Record<string, readonly string[]>>[]
}

export interface OpenApiDocument {
  readonly openapi: '3.1.1'
  readonly info: { readonly title: string; readonly version: string; readonly description: string }
  readonly servers: readonly { readonly url: string }[]
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>
    readonly securitySchemes: Readonly<Record<string, unknown>>
  }
}

/** RFC 9457 problem details, the body of every error answer (see http/problems.ts). */
const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().optional().describe('A stable code from docs/errors.md'),
  claim: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Each field that failed validation (400), e.g. `body.name`'),
})

/** A zod schema as JSON Schema, for requests (`input`: what a caller sends) or responses. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io })
  return rest
}

/** Fastify's `/a/:id` as OpenAPI's `/a/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}')
}

function parametersOf(schema: z.ZodType, where: 'path' | 'query'): Parameter[] {
  const json = jsonSchemaOf(schema, 'input')
  if (json['type'] !== 'object') throw new TypeError(`${where} parameters must be an object schema`)
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>
  const required = new Set((json['required'] ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    }
  })
}

function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part) => part !== '' && part !== 'api')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '')
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('')
}

const PROBLEM = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
}

function responsesOf(schemas: ApiSchemas): Record<string, unknown> {
  const success =
    schemas.response === null
      ? { description: 'Done; no content.' }
      : {
          description: 'Success.',
          content: { 'application/json': { schema: jsonSchemaOf(schemas.response, 'output') } },
        }
  return {
    [String(schemas.status)]: success,
    '400': { description: 'A parameter, the query or the body failed validation.', ...PROBLEM },
    '401': { description: 'No console session and no valid API token.', ...PROBLEM },
    '403': {
      description: 'The caller lacks the role, the token lacks the scope, or a cross-site write.',
      ...PROBLEM,
    },
    default: { description: 'Any other refusal or failure, as problem details.', ...PROBLEM },
  }
}

/** One route's operation; throws `TypeError` for a route declared without schemas. */
export function operationOf(route: ApiRoute): OpenApiOperation {
  const { schemas } = route
  if (schemas === undefined) {
    throw new TypeError(`${route.method} ${route.url} declares no schemas (use route())`)
  }
  const segments = route.url.split('/')
  const body = schemas.body
  return {
    operationId: operationIdOf(route.method, route.url),
    ...(schemas.summary === undefined ? {} : { summary: schemas.summary }),
    description: `Roles: ${route.access.roles.join(', ')}. Token scope: \`${route.scope}\`.`,
    tags: [segments.slice(2, 4).join(' ')],
    parameters: [...parametersOf(schemas.params, 'path'), ...parametersOf(schemas.query, 'query')],
    ...(body === undefined
      ? {}
      : {
          requestBody: {
            required: true as const,
            content: { 'application/json': { schema: jsonSchemaOf(body, 'input') } },
          },
        }),
    responses: responsesOf(schemas),
    security: [{ apiToken: [route.scope] }, { consoleSession: [] }],
  }
}

export interface DocumentOptions {
  readonly publicUrl: string
  readonly version: string
  /** The console session cookie's name on this instance (`__Host-` prefixed over https). */
  readonly sessionCookie: string
}

const scopeList = SCOPE_NAMES.map((scope) => `- \`${scope}\`: ${API_SCOPES[scope].allows}`)

/**
 * The document for `routes` (the API guard's table). HEAD routes, which fastify adds for every
 * GET, are left out: they answer as their GET without a body.
 */
export function openApiDocument(
  routes: readonly ApiRoute[],
  options: DocumentOptions,
): OpenApiDocument {
  const paths: Record<string, Record<string, OpenApiOperation>> = {}
  for (const route of routes) {
    if (route.method === 'HEAD') continue
    const path = openApiPath(route.url)
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'ltihub API',
      version: options.version,
      description:
        'The REST API of an ltihub instance: JSON in and out, RFC 9457 problem details on ' +
        'refusal. Call it with an API token (`Authorization: Bearer lth_…`, made under ' +
        '_Account → API tokens_) or, from the console itself, with the session cookie.',
    },
    servers: [{ url: options.publicUrl.replace(/\/+$/, '') }],
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(problemSchema, 'output') },
      securitySchemes: {
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: `${TOKEN_PREFIX}…`,
          description: [
            `An API token (\`${TOKEN_PREFIX}\` and 43 base64url characters). Its rights are ` +
              "its scopes within its owner's current roles. Each operation names the scope it needs:",
            ...scopeList,
          ].join('\n'),
        },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: options.sessionCookie,
          description:
            'A console session (sign in at /console). Writes must come from this site (Origin).',
        },
      },
    },
  }
}
