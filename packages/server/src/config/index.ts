export { ConfigError, type ConfigIssue, isConfigError } from './errors.js'
export {
  type Config,
  type DatabaseConfig,
  loadConfig,
  type LoadConfigOptions,
  type RateLimitsConfig,
  type OutboundConfig,
  withPort,
} from './load.js'
export { renderConfigurationDocs } from './render-docs.js'
export { SecretValue } from './secret-value.js'
export {
  LOG_LEVELS,
  type LogLevel,
  MIN_SECRET_LENGTH,
  NODE_ENVS,
  type NodeEnv,
  type RateLimitSetting,
  type Role,
  ROLES,
  type SettingName,
} from './settings.js'
