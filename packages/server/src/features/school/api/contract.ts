import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { parseRequest, parseResponse } from '../../../http/validate.js'

const EMPTY = z.strictObject({})
type Empty = typeof EMPTY

/**
 * A route's contract: what it accepts and what it may answer (house style §13). Params, query and
 * body are parsed with their schemas (400 with field paths otherwise); the handler's result is
 * parsed with `response`, which strips any field the contract does not list, so a column added
 * to a table later cannot leak through the API. `response: null` answers 204 without a body.
 */
export interface RouteContract<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType | undefined,
  R extends z.ZodType | null,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly url: string
  readonly params?: P
  readonly query?: Q
  readonly body?: B
  readonly response: R
  /** The success status: 200, 201 or 204. */
  readonly status: 200 | 201 | 204
}

export interface RouteInput<P, Q, B> {
  readonly request: FastifyRequest
  readonly params: P
  readonly query: Q
  readonly body: B
}

type Output<T> = T extends z.ZodType ? z.output<T> : undefined
type Result<R> = R extends z.ZodType ? z.input<R> : void

/**
 * Registers a JSON route with its contract.
 *
 * @example
 * route(app, { method: 'GET', url: '/api/platform/schools', response: listOf(schoolView), status: 200 },
 *   async () => ({ items: await listSchools(ctx.db) }))
 */
export function route<
  P extends z.ZodType = Empty,
  Q extends z.ZodType = Empty,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | null = null,
>(
  app: FastifyInstance,
  contract: RouteContract<P, Q, B, R>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, Output<B>>) => Promise<Result<R>>,
): void {
  app.route({
    method: contract.method,
    url: contract.url,
    handler: async (request, reply) => {
      const params = parseRequest(contract.params ?? EMPTY, request.params, 'params') as z.output<P>
      const query = parseRequest(contract.query ?? EMPTY, request.query, 'query') as z.output<Q>
      const body = (
        contract.body === undefined ? undefined : parseRequest(contract.body, request.body, 'body')
      ) as Output<B>
      const result: unknown = await handler({ request, params, query, body })
      reply.header('cache-control', 'no-store')
      if (contract.response === null) return reply.status(204).send()
      return reply
        .status(contract.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(parseResponse(contract.response as z.ZodType, result)))
    },
  })
}
