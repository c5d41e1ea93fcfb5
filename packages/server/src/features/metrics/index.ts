import type { Feature } from '../feature.js'
import { metricsRoutes } from './routes.js'

/** Prometheus metrics at `/metrics` (METRICS, METRICS_TOKEN; see metrics/ for what is counted). */
export const metricsFeature: Feature = {
  name: 'metrics',
  routes: metricsRoutes,
}
