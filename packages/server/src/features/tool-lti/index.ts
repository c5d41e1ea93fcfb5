import { toolUrls } from '@ltihub/tool'
import type { Feature } from '../feature.js'
import { toolLtiJobs } from './jobs.js'
import { createConsumerKey } from '@ltihub/kysely/tool'
import { toolLtiRoutes } from './routes.js'
import { TOOL_BASE_PATH } from './tool.js'

/**
 * The tool layer (@ltihub/tool) mounted in the server: its endpoints under `/tool/lti/…`, SQL
 * implementations of every port, grade delivery and member sync jobs.
 */
export const toolLtiFeature: Feature = {
  name: 'tool-lti',
  routes: toolLtiRoutes,
  jobs: toolLtiJobs,
  publicLinks: (ctx) => {
    const urls = toolUrls(new URL(TOOL_BASE_PATH, ctx.config.publicUrl).href)
    const path = (url: string) => new URL(url).pathname
    return [
      {
        role: 'tool',
        label: 'Dynamic Registration URL',
        path: path(urls.register),
        note: 'Give it to an LMS that registers tools by URL.',
        document: false,
      },
      { role: 'tool', label: 'Login initiation URL', path: path(urls.login), document: false },
      { role: 'tool', label: 'Launch URL', path: path(urls.launch), document: false },
    ]
  },
  onStart: async (ctx) => void (await ctx.signingKeys.ring('tool')),
  seeders: [
    {
      name: 'tool.demo-consumer-key',
      // Created once with a random secret; an existing key (and its secret) is left alone.
      seed: async (ctx) =>
        void (await createConsumerKey(ctx.db, ctx, {
          key: DEMO_CONSUMER_KEY,
          secret: Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url'),
          name: 'Demo LMS',
          lmsIdPrefix: 'demolms',
          enabled: true,
        })),
    },
  ],
}

/** The LTI 1.1 consumer key demo data adds. */
export const DEMO_CONSUMER_KEY = 'demo-lms'

export { ltiToolOf, learnerPath, sqlToolPorts, TOOL_BASE_PATH } from './tool.js'
