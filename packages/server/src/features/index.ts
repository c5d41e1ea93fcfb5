import type { Role } from '../config/index.js'
import { consoleFeature } from '../console/feature.js'
import { nonceFeature } from '../storage/feature.js'
import { accountsFeature } from './accounts/index.js'
import { apiTokensFeature } from './api-tokens/index.js'
import type { Feature } from './feature.js'
import { healthFeature } from './health/index.js'
import { keysFeature } from './keys/index.js'
import { metricsFeature } from './metrics/index.js'
import { openApiFeature } from './openapi/index.js'
import { platformFeatures } from './platform-role.js'
import { rateLimitFeature } from './rate-limit/feature.js'
import { ssoFeature } from './sso/index.js'
import { toolFeatures } from './tool-role.js'

/** Features every instance has, whatever its roles. */
export const coreFeatures: readonly Feature[] = [
  healthFeature,
  consoleFeature,
  accountsFeature,
  apiTokensFeature,
  nonceFeature,
  keysFeature,
  rateLimitFeature,
  ssoFeature,
  openApiFeature,
  metricsFeature,
]

/**
 * The features to mount for the enabled roles, in order: core, then platform, then tool.
 * Throws `TypeError` when two features share a name.
 */
export function featuresFor(roles: readonly Role[]): Feature[] {
  const features = [
    ...coreFeatures,
    ...(roles.includes('platform') ? platformFeatures : []),
    ...(roles.includes('tool') ? toolFeatures : []),
  ]
  const names = new Set<string>()
  for (const feature of features) {
    if (names.has(feature.name)) throw new TypeError(`two features are named ${feature.name}`)
    names.add(feature.name)
  }
  return features
}
