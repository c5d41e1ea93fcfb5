import type { Feature } from '../feature.js'
import { TOKENS_PATH } from './pages.js'
import { apiTokenRoutes } from './routes.js'

/**
 * API tokens for the REST API, on every instance: people create, list and revoke theirs under
 * their account (administrators see and revoke everyone's); the API guard resolves bearer
 * values through `resolveToken`.
 */
export const apiTokensFeature: Feature = {
  name: 'api-tokens',
  routes: apiTokenRoutes,
  nav: [{ section: 'instance', label: 'API tokens', href: TOKENS_PATH, order: 3 }],
}

export { resolveToken } from './service.js'
