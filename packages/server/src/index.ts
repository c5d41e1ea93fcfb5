/**
 * @ltihub/server: the ltihub server around the platform and tool layers. This list is the
 * package's public surface; every export is named.
 */
export {
  type Config,
  ConfigError,
  type ConfigIssue,
  type DatabaseConfig,
  isConfigError,
  loadConfig,
  type LoadConfigOptions,
  type LogLevel,
  renderConfigurationDocs,
  type Role,
  ROLES,
  SecretValue,
  withPort,
} from './config/index.js'
export { requireRole } from './console/guard.js'
export { type NavEntry, type NavSection } from './console/nav.js'
export { renderConsolePage, type ConsolePage } from './console/render.js'
export { type Principal, type Sessions } from './console/session.js'
export { safeNext, type SignInMethod } from './console/sign-in-methods.js'
export type { AppContext, JobContext } from './context.js'
export { createDatabase, type Dialect, pingDatabase } from './db/database.js'
export {
  migrateDown,
  migrateDownAll,
  MigrationError,
  type MigrationStep,
  migrationStatus,
  migrateToLatest,
} from './db/migrate.js'
export type { Database } from './db/schema.js'
export { type DemoSeeder, seedDemo } from './demo/seed.js'
export {
  createConsoleAccount,
  createIdentity,
  type Identity,
  PASSWORD_RULE,
} from './features/accounts/public.js'
export type { Feature } from './features/feature.js'
export { featuresFor } from './features/index.js'
export {
  ensureKeyRing,
  loadKeyRing,
  type RotationResult,
  rotateKeys,
} from './features/keys/service.js'
export { type SigningKeys } from './features/keys/signing-keys.js'
export { type App, buildApp, type BuildAppOptions } from './http/app.js'
export {
  ServerError,
  type ServerErrorCode,
  serverErrorSection,
  serverErrors,
} from './http/errors.js'
export { createLogger } from './http/logger.js'
export { HttpProblem, type Problem, RequestValidationError } from './http/problems.js'
export { parseRequest, parseResponse } from './http/validate.js'
export {
  createJobRunner,
  type IntervalJob,
  type JobReport,
  type JobRunner,
  type JobStatus,
} from './jobs/runner.js'
export {
  createDataCipher,
  type DataCipher,
  DecryptionError,
  deriveKeys,
  type DerivedKeys,
  resolveRootSecret,
} from './security/index.js'
export { type RunningServer, startServer, type StartServerOptions } from './server.js'
export { purgeExpiredNonces, SqlNonceStore } from '@ltihub/kysely/sql'
