import type { Feature } from '../feature.js'
import { healthRoutes } from './routes.js'

export const healthFeature: Feature = {
  name: 'health',
  routes: healthRoutes,
}
