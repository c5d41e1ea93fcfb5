import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../console/session.js'
import type { Feature } from '../feature.js'
import { ACCESS_PATHS, accessRoutes } from './access-routes.js'
import { toolConsoleHome } from './home.js'
import { PATHS } from './publish-pages.js'
import { publishRoutes } from './publish-routes.js'
import { REPORT_PATHS, reportRoutes } from './report-routes.js'

const roles = TOOL_ADMINISTRATORS

/** The tool administrator "sign in as" offers with demo data: runs the tool side, nothing else. */
export const DEMO_TOOL_ADMINISTRATOR: Principal = {
  id: 'demo:tool-administrator',
  name: 'Demo Tool Administrator',
  roles: ['tool-administrator'],
}

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await accessRoutes(app, ctx)
  await publishRoutes(app, ctx)
  await reportRoutes(app, ctx)
}

/**
 * The console's "Tool" section: LTI 1.1 consumer keys, LTI 1.3 platforms (by hand, deployment
 * approval), courses with "Publish as LTI tool" and "Published as LTI tools", the licence report
 * and grade deliveries (dead letters with Resend). Administrators and tool administrators.
 */
export const toolConsoleFeature: Feature = {
  name: 'tool-console',
  routes,
  nav: [
    { section: 'tool', label: 'Publications', href: PATHS.courses, order: 10, roles },
    { section: 'tool', label: 'LTI 1.1 consumer keys', href: ACCESS_PATHS.keys, order: 20, roles },
    { section: 'tool', label: 'LTI 1.3 platforms', href: ACCESS_PATHS.platforms, order: 30, roles },
    { section: 'tool', label: 'Licence report', href: REPORT_PATHS.licences, order: 40, roles },
    { section: 'tool', label: 'Grade deliveries', href: REPORT_PATHS.grades, order: 50, roles },
  ],
  home: toolConsoleHome,
  demoIdentities: async () => [DEMO_TOOL_ADMINISTRATOR],
}
