import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { parseRequest, parseResponse } from '../http/validate.js'
import { allow } from './guard.js'

const EMPTY = z.strictObject({})
type Empty = typeof EMPTY

/** What a route accepts and answers, as its handler sees it; the OpenAPI document reads this. */
export interface ApiSchemas {
  readonly params: z.ZodType
  readonly query: z.ZodType
  readonly body: z.ZodType | undefined
  /** `null`: 204 without a body. */
  readonly response: z.ZodType | null
  readonly status: 200 | 201 | 204
  readonly summary: string | undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The schemas the route parses its input and output with (see `route`). */
    apiSchemas?: ApiSchemas
  }
}

/**
 * A route's contract: who may call it, what it accepts and what it may answer (house style §13).
 * The API guard refuses a caller outside `allow` before any input is read. Params, query and
 * body are parsed with their schemas (400 with field paths otherwise); the handler's result is
 * parsed with `response`, which strips any field the contract does not list, so a column added
 * to a table later cannot leak through the API. `response: null` answers 204 without a body.
 * The same schemas make the route's entry in the OpenAPI document (`/api/openapi.json`).
 */
export interface RouteContract<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType | undefined,
  R extends z.ZodType | null,
  T = undefined,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly url: string
  /** One line for the API reference. */
  readonly summary?: string
  /** The console roles that may call the route, checked by the API guard before any input. */
  readonly allow: readonly string[]
  readonly params?: P
  /**
   * The record the route acts on, looked up from the params and refused (403/404) before the
   * query and body are read (even parsed), so a caller who may not touch it learns nothing from
   * validation.
   */
  readonly target?: (input: { request: FastifyRequest; params: z.output<P> }) => Promise<T>
  readonly query?: Q
  readonly body?: B
  readonly response: R
  /** The success status: 200, 201 or 204. */
  readonly status: 200 | 201 | 204
}

export interface RouteInput<P, Q, B, T = undefined> {
  readonly request: FastifyRequest
  readonly params: P
  /** What `target` returned. */
  readonly target: T
  readonly query: Q
  readonly body: B
}

type Output<T> = T extends z.ZodType ? z.output<T> : undefined
type Result<R> = R extends z.ZodType ? z.input<R> : void

/**
 * Registers a JSON route with its contract.
 *
 * @example
 * route(app, { method: 'GET', url: '/api/platform/schools', allow: ['administrator'],
 *   response: listOf(schoolView), status: 200 },
 *   async () => ({ items: await listSchools(ctx.db) }))
 */
export function route<
  P extends z.ZodType = Empty,
  Q extends z.ZodType = Empty,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | null = null,
  T = undefined,
>(
  app: FastifyInstance,
  contract: RouteContract<P, Q, B, R, T>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, Output<B>, T>) => Promise<Result<R>>,
): void {
  const schemas: ApiSchemas = {
    params: contract.params ?? EMPTY,
    query: contract.query ?? EMPTY,
    body: contract.body,
    response: contract.response,
    status: contract.response === null ? 204 : contract.status,
    summary: contract.summary,
  }
  // The target is looked up in the route's own onRequest hook (after the API guard), so even a
  // malformed body cannot be answered before the caller's right to the record is checked.
  const targets = new WeakMap<FastifyRequest, { value: T }>()
  const paramsOf = (request: FastifyRequest) =>
    parseRequest(schemas.params, request.params, 'params') as z.output<P>
  const lookup = contract.target
  const access = allow(...contract.allow)
  app.route({
    method: contract.method,
    url: contract.url,
    config: { ...access.config, apiSchemas: schemas },
    ...(lookup === undefined
      ? {}
      : {
          onRequest: async (request: FastifyRequest) => {
            targets.set(request, { value: await lookup({ request, params: paramsOf(request) }) })
          },
        }),
    handler: async (request, reply) => {
      const params = paramsOf(request)
      const target = targets.get(request)?.value as T
      const query = parseRequest(schemas.query, request.query, 'query') as z.output<Q>
      const body = (
        schemas.body === undefined ? undefined : parseRequest(schemas.body, request.body, 'body')
      ) as Output<B>
      const result: unknown = await handler({ request, params, target, query, body })
      reply.header('cache-control', 'no-store')
      if (schemas.response === null) return reply.status(204).send()
      return reply
        .status(schemas.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(parseResponse(schemas.response, result)))
    },
  })
}
