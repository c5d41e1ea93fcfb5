import type { Clock, NonceStore, OutboundFetch } from '@ltihub/core'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from './config/index.js'
import type { Sessions } from './console/session.js'
import type { Database } from './db/schema.js'
import type { Identity } from './features/accounts/identity.js'
import type { Feature } from './features/feature.js'
import type { SigningKeys } from './features/keys/signing-keys.js'
import type { JobRunner } from './jobs/runner.js'
import type { Metrics, MetricsScrape } from './metrics/port.js'
import type { DataCipher, DerivedKeys } from './security/index.js'

/**
 * Everything a feature may use, built once per server by the composition root (`buildApp`) and
 * handed to each feature's routes, jobs, seeders and start hook. No feature reads globals.
 */
export interface AppContext {
  readonly config: Config
  readonly db: Kysely<Database>
  readonly logger: Logger
  /** Epoch ms; tests freeze it. Use it instead of `Date.now()`. */
  readonly clock: Clock
  /** Purpose keys derived from LTIHUB_SECRET (session, access-token, data-encryption). */
  readonly keys: DerivedKeys
  /** Encrypts secrets at rest (AES-256-GCM); bind each value to its row with the context. */
  readonly cipher: DataCipher
  /** Single-use values (OIDC nonces, OAuth 1 nonces, assertion jti), atomic in SQL. */
  readonly nonces: NonceStore
  /** The platform's and the tool's signing key rings (cached; see features/keys). */
  readonly signingKeys: SigningKeys
  /** Who people are now: names and roles from the current records, disabled accounts excluded. */
  readonly identity: Identity
  /** Console sign-in state: server-side sessions in the database (features/accounts). */
  readonly sessions: Sessions
  /**
   * The one outbound HTTP client: every request to another party (either role) goes through it,
   * with the address policy, timeouts and size cap of the OUTBOUND_* settings.
   */
  readonly outbound: OutboundFetch
  /** The features mounted on this instance (the roles' features only when the role is on). */
  readonly features: readonly Feature[]
  /**
   * Where features report launches, refusals, scores and deliveries (a no-op with METRICS off);
   * see metrics/port.ts.
   */
  readonly metrics: Metrics
  /** Renders the metrics for `/metrics`; absent with METRICS off. */
  readonly scrapeMetrics: (() => Promise<MetricsScrape>) | undefined
  /** The background jobs of every mounted feature; started by `startServer`. */
  readonly jobs: JobRunner
}

/** The context jobs are built from (the job runner does not exist yet at that point). */
export type JobContext = Omit<AppContext, 'jobs'>
