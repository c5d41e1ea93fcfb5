import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import { checkHealth, checkReadiness } from './service.js'

/**
 * Probes for load balancers and orchestrators, public and never cached:
 * - `GET /health/live`: 200 while the process serves HTTP; touches nothing else, so a slow
 *   database never gets a live process restarted.
 * - `GET /health/ready`: 200 when the database answers and every migration is applied, else 503
 *   with the failed check as `reason` (the error itself goes to the log).
 * - `GET /health`: as before, 200 `{ status: 'ok' }` when the database answers, else 503.
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

  app.get('/health/live', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  )

  app.get('/health/ready', async (request, reply) => {
    const report = await checkReadiness(ctx.db, (error) => {
      request.log.error({ err: error }, 'readiness check failed')
    })
    return reply
      .status(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report)
  })
}
