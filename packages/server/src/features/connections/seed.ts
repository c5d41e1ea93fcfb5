/**
 * Demo catalog: an LTI 1.1 originality-check partner (fictional) and, when this server also runs
 * the tool role, an LTI 1.3 partner pointing at this server's own tool endpoints, so a demo
 * administrator can connect the platform to the tool on one machine. Idempotent (by slug).
 */
import type { AppContext } from '../../context.js'
import { toolUrls } from '@ltihub/tool'
import { upsertPartner } from './application-repository.js'
import type { ApplicationDefaults } from './model.js'
import { TOOL_BASE_PATH } from '../tool-lti/tool.js'

export const DEMO_LTI11_PARTNER: ApplicationDefaults = {
  name: 'TurnItIn',
  description:
    'Originality checking with scores returned to the grade book (fictional demo partner).',
  launchUrl: 'https://originality.example.com/lti/launch',
  supportedTypes: ['score-passback', 'assignment-resource'],
  ltiVersions: ['1.1'],
  customParameters: { course_section: '$CourseSection.sourcedId' },
  transferEmail: true,
}

/** The tool role of this same server, as a catalog partner (LTI 1.3 and LTI 1.1). */
export function ownToolPartner(publicUrl: string): ApplicationDefaults {
  // The same base URL the tool role mounts its endpoints under.
  const urls = toolUrls(new URL(TOOL_BASE_PATH, publicUrl).href)
  return {
    name: 'ltihub Demo Tool',
    description: "This server's own tool role: quizzes with deep linking and score passback.",
    launchUrl: urls.launch,
    supportedTypes: [
      'learning-tool',
      'score-passback',
      'assignment-resource',
      'embeddable-content',
    ],
    ltiVersions: ['1.1', '1.3'],
    customParameters: {},
    transferEmail: true,
    loginUrl: urls.login,
    redirectUris: [urls.launch, urls.deepLinking],
    jwksUrl: urls.jwks,
  }
}

export async function seedDemoCatalog(ctx: AppContext): Promise<void> {
  const now = ctx.clock()
  await upsertPartner(ctx.db, 'demo-originality', DEMO_LTI11_PARTNER, now)
  if (ctx.config.roles.includes('tool')) {
    await upsertPartner(ctx.db, 'ltihub-demo-tool', ownToolPartner(ctx.config.publicUrl), now)
  }
}
