import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import { checkHealth } from './service.js'

/**
 * `GET /health`: 200 `{ status: 'ok' }` when the database answers, 503 otherwise, for load
 * balancers and orchestrators. Says nothing about why: failures go to the log.
 */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/health', async (request, reply) => {
    const report = await checkHealth(ctx.db, (error) => {
      request.log.error({ err: error }, 'health check: database unavailable')
    })
    return reply
      .status(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report)
  })
}
