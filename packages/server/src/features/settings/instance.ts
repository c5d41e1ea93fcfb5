import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/schema.js'
import { writeSettingOnce } from './repository.js'

const instanceSchema = z.strictObject({ id: z.uuid(), createdAt: z.number().int() })

/** The identity of this installation, created on first start and never changed. */
export type InstanceIdentity = z.output<typeof instanceSchema>

/** Returns the instance identity, creating it on first use (safe from several processes). */
export function ensureInstanceIdentity(
  db: Kysely<Database>,
  now: number,
): Promise<InstanceIdentity> {
  return writeSettingOnce(db, 'instance', { id: randomUUID(), createdAt: now }, instanceSchema, now)
}
