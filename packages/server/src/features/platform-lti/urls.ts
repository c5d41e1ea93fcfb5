/**
 * Every URL of the platform's LTI runtime, in one place. Route patterns (for Fastify) and the
 * public URLs built from PUBLIC_URL (what tools receive in messages and the OpenID
 * configuration) come from the same table, so the two can never disagree.
 *
 * | Route | Methods | What |
 * |---|---|---|
 * | `/platform/authorize` | GET, POST | OIDC authorization endpoint (LTI 1.3 launches) |
 * | `/platform/token` | POST | OAuth 2 client credentials token endpoint |
 * | `/platform/jwks.json` | GET | platform public keys (served by the keys feature) |
 * | `/platform/.well-known/openid-configuration` | GET | Dynamic Registration configuration |
 * | `/platform/register` | POST | Dynamic Registration endpoint (single-use token) |
 * | `/platform/outcomes` | POST | LTI 1.1 Basic Outcomes (POX) |
 * | `/platform/deep-linking/:sessionId` | POST | Deep Linking 2.0 return |
 * | `/platform/content-item/:sessionId` | POST | Content-Item 1.0 return (LTI 1.1 tools) |
 * | `/platform/contexts/:contextId/lineitems` | GET, POST | AGS line item container |
 * | `/platform/contexts/:contextId/lineitems/:lineItemId` | GET, PUT, DELETE | AGS line item |
 * | `/platform/contexts/:contextId/lineitems/:lineItemId/scores` | POST | AGS scores |
 * | `/platform/contexts/:contextId/lineitems/:lineItemId/results` | GET | AGS results |
 * | `/platform/contexts/:contextId/memberships` | GET | NRPS memberships |
 * | `/platform/launch/:resourceLinkId` | GET | launch page of a placed link |
 * | `/platform/learning-tools/:connectionId/launch` | GET | launch from the Learning Tools list |
 */
import type { PlatformEndpoints } from './layer.js'

/** Fastify route patterns. */
export const ROUTES = {
  authorize: '/platform/authorize',
  token: '/platform/token',
  jwks: '/platform/jwks.json',
  openidConfiguration: '/platform/.well-known/openid-configuration',
  registration: '/platform/register',
  outcomes: '/platform/outcomes',
  deepLinkingReturn: '/platform/deep-linking/:sessionId',
  contentItemReturn: '/platform/content-item/:sessionId',
  lineItems: '/platform/contexts/:contextId/lineitems',
  lineItem: '/platform/contexts/:contextId/lineitems/:lineItemId',
  scores: '/platform/contexts/:contextId/lineitems/:lineItemId/scores',
  results: '/platform/contexts/:contextId/lineitems/:lineItemId/results',
  memberships: '/platform/contexts/:contextId/memberships',
  launch: '/platform/launch/:resourceLinkId',
  learningToolLaunch: '/platform/learning-tools/:connectionId/launch',
} as const

/** Console pages of the runtime. */
export const CONSOLE = {
  learningTools: '/console/platform/learning-tools',
  assignment: '/console/platform/assignments/:assignmentId',
  addToolContent: '/console/platform/assignments/:assignmentId/add-tool-content',
} as const

const enc = encodeURIComponent

/** PUBLIC_URL without a trailing slash. */
export function publicRoot(publicUrl: string): string {
  return new URL(publicUrl).href.replace(/\/+$/, '')
}

/**
 * The platform issuer (`iss` of every id_token): PUBLIC_URL itself. Connections store it with
 * their LTI 1.3 registration, so it must not change once tools are registered.
 */
export function platformIssuer(publicUrl: string): string {
  return publicRoot(publicUrl)
}

/** The public URLs the platform layer puts into messages. */
export function platformEndpoints(publicUrl: string): PlatformEndpoints {
  const root = publicRoot(publicUrl)
  const context = (contextId: string) => `${root}/platform/contexts/${enc(contextId)}`
  return {
    authorization: root + ROUTES.authorize,
    token: root + ROUTES.token,
    jwks: root + ROUTES.jwks,
    openidConfiguration: root + ROUTES.openidConfiguration,
    registration: root + ROUTES.registration,
    outcomes: root + ROUTES.outcomes,
    deepLinkingReturn: (sessionId) => `${root}/platform/deep-linking/${enc(sessionId)}`,
    contentItemReturn: (sessionId) => `${root}/platform/content-item/${enc(sessionId)}`,
    lineItems: (contextId) => `${context(contextId)}/lineitems`,
    lineItem: (contextId, lineItemId) => `${context(contextId)}/lineitems/${enc(lineItemId)}`,
    memberships: (contextId) => `${context(contextId)}/memberships`,
  }
}

/** The user-facing launch page of a placed link. */
export function launchPagePath(resourceLinkId: string, presentation?: 'iframe' | 'window') {
  const path = `/platform/launch/${enc(resourceLinkId)}`
  return presentation === undefined ? path : `${path}?presentation=${presentation}`
}

/** The launch page of a Learning Tools list entry. */
export function learningToolLaunchPath(connectionId: string, schoolId: string): string {
  return `/platform/learning-tools/${enc(connectionId)}/launch?school=${enc(schoolId)}`
}

/** The console page of one assignment (its resources and embedded content). */
export function assignmentPagePath(assignmentId: string): string {
  return `/console/platform/assignments/${enc(assignmentId)}`
}
