/**
 * Who may use the Dynamic Registration page, which is open to anyone: an administrator's switch
 * "Accept Dynamic Registration" (on until turned off), and a cap on the registrations that wait
 * for an administrator, so visits cannot fill the registrations table.
 */
import type { RegistrationAdmission } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/schema.js'
import { readSetting, writeSetting } from '../settings/repository.js'
import type { Db } from '../../db/handle.js'

const SETTING = 'tool.dynamic-registration'
const settingSchema = z.object({ accept: z.boolean() })

/** Registrations waiting for an administrator beyond which the page registers no new platform. */
export const MAX_PENDING_REGISTRATIONS = 50

/** Whether the registration page accepts registrations (default: yes). */
export async function acceptsDynamicRegistration(db: Kysely<Database>): Promise<boolean> {
  return (await readSetting(db, SETTING, settingSchema))?.accept ?? true
}

export async function setAcceptsDynamicRegistration(
  db: Kysely<Database>,
  accept: boolean,
  now: number,
): Promise<void> {
  await writeSetting(db, SETTING, { accept }, now)
}

/**
 * Registrations no administrator has decided on: enabled, new deployments wait for approval,
 * and none of its deployments was approved or disabled yet. Dynamic Registration stores every
 * platform this way.
 */
function pendingRegistrations(db: Db) {
  return db
    .selectFrom('tool_registrations')
    .where('deployment_policy', '=', 'pending')
    .where('enabled', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('tool_deployments')
            .select('tool_deployments.deployment_id')
            .whereRef('tool_deployments.registration_id', '=', 'tool_registrations.id')
            .where('tool_deployments.status', '<>', 'pending'),
        ),
      ),
    )
}

/** The ids of the registrations waiting for an administrator. */
export async function pendingRegistrationIds(db: Db): Promise<Set<string>> {
  const rows = await pendingRegistrations(db).select('tool_registrations.id').execute()
  return new Set(rows.map((row) => row.id))
}

export async function pendingRegistrationCount(db: Db): Promise<number> {
  const { count } = await pendingRegistrations(db)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(count)
}

/**
 * Deletes a registration that still waits for an administrator (with its pending deployments),
 * in one statement; false when there is none, or it was decided on meanwhile.
 */
export async function discardPendingRegistration(db: Db, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('tool_registrations')
    .where('id', 'in', pendingRegistrations(db).select('tool_registrations.id'))
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * What the registration page may do now. The count and the insert that follows are separate
 * statements, so a burst of visits may pass the cap by the few that store at the same moment;
 * the tool layer asks just before storing to keep that window small.
 */
export async function registrationAdmission(db: Kysely<Database>): Promise<RegistrationAdmission> {
  if (!(await acceptsDynamicRegistration(db))) return 'closed'
  return (await pendingRegistrationCount(db)) >= MAX_PENDING_REGISTRATIONS ? 'full' : 'open'
}
