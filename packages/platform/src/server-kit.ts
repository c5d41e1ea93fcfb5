/**
 * @ltihub/platform/server-kit: the lower-level checks a host needs when it builds a flow the
 * package does not cover itself (for example LTI 1.1 Content-Item selection on top of the same
 * deep linking sessions). Integrators using the endpoints of the package root do not need it.
 */
export { requireActive } from './internal/access.js'
export { acceptTypesOf, resolveDeepLinkingPlan } from './deep-linking/plan.js'
export type { LaunchPlan, PlanDeps } from './launch/resolve.js'
