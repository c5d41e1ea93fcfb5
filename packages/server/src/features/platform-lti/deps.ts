/**
 * Builds the platform layer's dependencies (`PlatformDeps`) from the app context: this feature's
 * SQL stores, the school and connection ports of their features, the platform key ring, the SQL
 * nonce store, the access token issuer and the tool key set cache. Stores are built on a
 * database handle, so a handler can get them all bound to one transaction.
 */
import { AccessTokenIssuer } from '@ltihub/core/oauth2'
import { RemoteKeySets } from '@ltihub/core/keys'
import type { AppContext } from '../../context.js'
import { ensureInstanceIdentity } from '../settings/instance.js'
import { LTIHUB_VERSION } from '../../version.js'
import { SqlNonceStore } from '@ltihub/kysely/sql'
import { isDevelopment } from '../connections/urls.js'
import type {
  ConnectionStore,
  GradeBook,
  LmsDirectory,
  PlatformDeps,
  PlatformSettings,
  ToolConnection,
} from './layer.js'
import { createLaunchBinding, type LaunchBinding } from './launch-binding.js'
import { memoizedConnections, memoizedDirectory, memoizedResourceLinks } from './request-memo.js'
import { type Db } from './stores/db.js'
import { sqlLineItemStore, sqlResultStore } from './stores/grades.js'
import {
  sqlDeepLinkingSessionStore,
  sqlLaunchIntentStore,
  sqlRegistrationTokenStore,
} from './stores/one-time.js'
import { sqlEmbeddedContentStore, sqlResourceLinkStore } from './stores/resource-links.js'
import { sqlSourcedIdStore } from './stores/sourced-ids.js'
import { platformEndpoints, platformIssuer } from './urls.js'

/**
 * The LMS ports other features own: the school model (directory, grade book) and the district's
 * tool connections. Each is built on a database handle (the database or a transaction).
 */
export interface LmsPorts {
  directory(db: Db, ctx: AppContext): LmsDirectory
  gradeBook(db: Db, ctx: AppContext): GradeBook
  connections(db: Db, ctx: AppContext): ConnectionStore
  /** Active connections enabled for any of `schoolIds`, for the Learning Tools list and pickers. */
  listConnections(db: Db, ctx: AppContext, schoolIds: readonly string[]): Promise<ToolConnection[]>
}

/** What lives as long as the server: caches and the token issuer. */
export interface PlatformRuntime {
  readonly ctx: AppContext
  readonly ports: LmsPorts
  readonly settings: PlatformSettings
  readonly accessTokens: AccessTokenIssuer
  readonly toolKeySets: RemoteKeySets
  /** The launch binding cookie (see launch-binding.ts). */
  readonly launchBinding: LaunchBinding
  /**
   * The platform dependencies over `db` (default: the database; pass a transaction to bind).
   * Build them once per request: their read-only lookups are remembered for their lifetime.
   */
  deps(db?: Db): PlatformDeps
}

/** Version reported in `tool_platform` and the OpenID configuration. */
const PRODUCT_VERSION = LTIHUB_VERSION

/**
 * The platform layer's settings of this instance. A development instance (http PUBLIC_URL on a
 * loopback host, which the configuration refuses in production) lets the layer use http on
 * loopback hosts: Dynamic Registration and Test Connection with a tool on the same machine.
 */
export async function platformSettingsOf(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
): Promise<PlatformSettings> {
  const identity = await ensureInstanceIdentity(ctx.db, ctx.clock())
  const { publicUrl } = ctx.config
  return {
    issuer: platformIssuer(publicUrl),
    endpoints: platformEndpoints(publicUrl),
    instance: {
      guid: identity.id,
      name: 'ltihub',
      productFamilyCode: 'ltihub',
      version: PRODUCT_VERSION,
      url: publicUrl,
    },
    ...(isDevelopment(publicUrl) ? { dangerouslyAllowInsecureLoopback: true } : {}),
  }
}

/** Builds the runtime once per server (at route registration). */
export async function createPlatformRuntime(
  ctx: AppContext,
  ports: LmsPorts,
): Promise<PlatformRuntime> {
  const settings = await platformSettingsOf(ctx)
  const accessTokens = new AccessTokenIssuer({
    secret: ctx.keys.accessToken,
    issuer: settings.issuer,
    clock: ctx.clock,
  })
  const toolKeySets = new RemoteKeySets({ fetch: ctx.outbound })
  const runtime: PlatformRuntime = {
    ctx,
    ports,
    settings,
    accessTokens,
    toolKeySets,
    launchBinding: createLaunchBinding({
      https: new URL(ctx.config.publicUrl).protocol === 'https:',
    }),
    deps(db = ctx.db) {
      return {
        settings,
        clock: ctx.clock,
        directory: memoizedDirectory(ports.directory(db, ctx)),
        gradeBook: ports.gradeBook(db, ctx),
        connections: memoizedConnections(ports.connections(db, ctx)),
        resourceLinks: memoizedResourceLinks(sqlResourceLinkStore(db, ctx.clock)),
        embeddedContent: sqlEmbeddedContentStore(db, ctx.clock),
        lineItems: sqlLineItemStore(db, ctx.clock),
        results: sqlResultStore(db),
        launchIntents: sqlLaunchIntentStore(db),
        deepLinkingSessions: sqlDeepLinkingSessionStore(db),
        sourcedIds: sqlSourcedIdStore(db, ctx.clock),
        registrationTokens: sqlRegistrationTokenStore(db),
        keys: { keyRing: () => ctx.signingKeys.ring('platform') },
        nonces: db === ctx.db ? ctx.nonces : new SqlNonceStore(db, ctx.clock),
        accessTokens,
        launchHintSecret: ctx.keys.launchHint,
        toolKeySets,
        fetch: ctx.outbound,
      }
    },
  }
  return runtime
}

/** Carries a refusal out of a transaction so that it rolls back. */
class Refused extends Error {
  readonly response: Response
  constructor(response: Response) {
    super('refused')
    this.response = response
  }
}

/**
 * Runs a web handler with every store bound to one transaction. A response of 400 or more (the
 * layer answers most refusals with a Response, not an exception) rolls the transaction back, so
 * bad input never leaves a half-written record: no consumed session, no applied result.
 */
export async function inTransaction(
  runtime: PlatformRuntime,
  run: (deps: PlatformDeps) => Promise<Response>,
): Promise<Response> {
  try {
    return await runtime.ctx.db.transaction().execute(async (trx) => {
      const response = await run(runtime.deps(trx))
      if (response.status >= 400) throw new Refused(response)
      return response
    })
  } catch (error) {
    if (error instanceof Refused) return error.response
    throw error
  }
}
