import type { Feature } from '../feature.js'
import { toolLtiJobs } from './jobs.js'
import { toolLtiRoutes } from './routes.js'

/**
 * The tool layer (@ltihub/tool) mounted in the server: its endpoints under `/tool/lti/…`, SQL
 * implementations of every port, grade delivery and member sync jobs.
 */
export const toolLtiFeature: Feature = {
  name: 'tool-lti',
  routes: toolLtiRoutes,
  jobs: toolLtiJobs,
  onStart: async (ctx) => void (await ctx.signingKeys.ring('tool')),
}

export { ltiToolOf, learnerPath, sqlToolPorts, TOOL_BASE_PATH } from './tool.js'
