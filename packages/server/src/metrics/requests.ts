import type { FastifyInstance } from 'fastify'
import type { Metrics } from './port.js'

/** The route label of a request no route matched (404s), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = '(unmatched)'

/**
 * Times every request by its route pattern (`/api/platform/sections/:sectionId`), never the raw
 * URL: label values stay few whatever clients send. Installed at the root, so it sees all routes.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE
    metrics.request(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
  })
}
