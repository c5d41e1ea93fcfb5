import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readBearer } from '../../api/bearer.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'

export const METRICS_PATH = '/metrics'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Whether the request carries the scrape token (compared in constant time, as digests). */
function hasToken(request: FastifyRequest, expected: Buffer): boolean {
  const credential = readBearer(request.headers)
  return credential.kind === 'bearer' && timingSafeEqual(digest(credential.token), expected)
}

/**
 * `GET /metrics` for Prometheus, only with METRICS on (otherwise no route: 404). With
 * METRICS_TOKEN set, a scrape without `Authorization: Bearer <token>` gets 401.
 */
export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const scrape = ctx.scrapeMetrics
  if (scrape === undefined) return
  const token = ctx.config.metrics.token
  const expected = token === undefined ? undefined : digest(token.reveal())
  app.get(METRICS_PATH, async (request, reply) => {
    if (expected !== undefined && !hasToken(request, expected)) {
      reply.header('www-authenticate', 'Bearer realm="ltihub-metrics"')
      throw new HttpProblem(401, 'metrics scrape without the METRICS_TOKEN')
    }
    const { contentType, body } = await scrape()
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body)
  })
}
