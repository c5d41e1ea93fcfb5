import type { Kysely } from 'kysely'
import { pingDatabase } from '../../db/database.js'
import { migrationStatus } from '../../db/migrate.js'
import type { Database } from '../../db/schema.js'

export type CheckState = 'ok' | 'unavailable'

export interface HealthReport {
  readonly status: CheckState
  readonly checks: { readonly database: CheckState }
}

/** Whether this instance can serve requests now: database reachable, schema up to date. */
export interface ReadinessReport {
  readonly status: CheckState
  readonly checks: {
    readonly database: CheckState
    /** `unknown` when the database did not answer, so the migrations could not be read. */
    readonly migrations: 'ok' | 'pending' | 'unknown'
  }
  /** Why the instance is not ready; absent when it is. */
  readonly reason?: string
}

/** How long the database may take to answer before the instance counts as unhealthy. */
export const HEALTH_TIMEOUT_MS = 2000

function timeout(ms: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()
  })
}

/** Checks the dependencies this instance needs to serve requests. Never throws. */
export async function checkHealth(
  db: Kysely<Database>,
  onFailure: (error: unknown) => void,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<HealthReport> {
  try {
    await Promise.race([pingDatabase(db), timeout(timeoutMs)])
    return { status: 'ok', checks: { database: 'ok' } }
  } catch (error) {
    onFailure(error)
    return { status: 'unavailable', checks: { database: 'unavailable' } }
  }
}

/**
 * Readiness: the database answers and every migration this build knows is applied (an instance
 * whose schema was rolled back under it, e.g. by `ltihub migrate down`, must not take traffic).
 * The reason names the failed check, never the error itself (that goes to `onFailure`). Never throws.
 */
export async function checkReadiness(
  db: Kysely<Database>,
  onFailure: (error: unknown) => void,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const health = await checkHealth(db, onFailure, timeoutMs)
  if (health.status !== 'ok') {
    return {
      status: 'unavailable',
      checks: { database: 'unavailable', migrations: 'unknown' },
      reason: 'database unavailable',
    }
  }
  try {
    const status = await Promise.race([migrationStatus(db), timeout(timeoutMs)])
    const pending = status.filter((migration) => migration.appliedAt === undefined)
    if (pending.length === 0) return { status: 'ok', checks: { database: 'ok', migrations: 'ok' } }
    return {
      status: 'unavailable',
      checks: { database: 'ok', migrations: 'pending' },
      reason: `${pending.length} migration(s) pending`,
    }
  } catch (error) {
    onFailure(error)
    return {
      status: 'unavailable',
      checks: { database: 'ok', migrations: 'unknown' },
      reason: 'migration state unreadable',
    }
  }
}
