import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.js'
import type { CopyExtension } from '../copy.js'
import { registerApiAccess } from './access.js'
import { assignmentRoutes } from './assignment-routes.js'
import { peopleRoutes } from './people-routes.js'
import { sectionRoutes } from './section-routes.js'

/**
 * The school API under `/api/platform`: JSON in and out, each route declaring who may call it
 * (checked by the API guard: session, same-site for writes, or API token), problem details.
 */
export async function schoolApiRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  copyExtensions: readonly CopyExtension[],
): Promise<void> {
  registerApiAccess(app, ctx)
  await peopleRoutes(app, ctx)
  await sectionRoutes(app, ctx, copyExtensions)
  await assignmentRoutes(app, ctx)
}
