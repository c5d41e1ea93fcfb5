import type { Kysely } from 'kysely'
import { pingDatabase } from '../../db/database.js'
import type { Database } from '../../db/schema.js'

export type CheckState = 'ok' | 'unavailable'

export interface HealthReport {
  readonly status: CheckState
  readonly checks: { readonly database: CheckState }
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
