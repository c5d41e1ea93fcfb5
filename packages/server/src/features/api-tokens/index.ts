import { API_ROLES } from '../../api/scopes.js'
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
  // Shown to those who may grant themselves some scope; the page itself refuses no one.
  nav: [
    { section: 'personal', label: 'API tokens', href: TOKENS_PATH, order: 3, roles: API_ROLES },
  ],
}

export { resolveToken } from './service.js'
