import type { Feature } from '../feature.js'
import { openApiRoutes } from './routes.js'

/** The OpenAPI 3.1 document of `/api` and its rendered reference page. */
export const openApiFeature: Feature = {
  name: 'openapi',
  routes: openApiRoutes,
}
