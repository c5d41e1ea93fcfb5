import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import type { Feature } from '../feature.js'
import { ACCESS_PATHS, accessRoutes } from './access-routes.js'
import { PATHS } from './publish-pages.js'
import { publishRoutes } from './publish-routes.js'
import { REPORT_PATHS, reportRoutes } from './report-routes.js'

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await accessRoutes(app, ctx)
  await publishRoutes(app, ctx)
  await reportRoutes(app, ctx)
}

/**
 * The console's "Tool" section: LTI 1.1 consumer keys, LTI 1.3 platforms (by hand, deployment
 * approval), courses with "Publish as LTI tool" and "Published as LTI tools", the licence report
 * and grade deliveries (dead letters with Resend). Administrators only.
 */
export const toolConsoleFeature: Feature = {
  name: 'tool-console',
  routes,
  nav: [
    { section: 'tool', label: 'Courses', href: PATHS.courses, order: 10 },
    { section: 'tool', label: 'LTI 1.1 consumer keys', href: ACCESS_PATHS.keys, order: 20 },
    { section: 'tool', label: 'LTI 1.3 platforms', href: ACCESS_PATHS.platforms, order: 30 },
    { section: 'tool', label: 'Licence report', href: REPORT_PATHS.licences, order: 40 },
    { section: 'tool', label: 'Grade deliveries', href: REPORT_PATHS.grades, order: 50 },
  ],
}
