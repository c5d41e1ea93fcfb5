import type { EnrolmentStore, LearnerStore } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import type { ToolDatabase } from './schema.js'
import { admitIn, enrolmentOf, toEnrolment, toLearner } from './admission.js'
import { narrow } from './rows.js'

/** Learners, enrolments and licences: `admit` changes all three in ONE transaction. */
export function sqlEnrolmentStore<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  dialect: 'sqlite' | 'postgres',
): EnrolmentStore & LearnerStore {
  const db = narrow(handle)
  return {
    async get(id) {
      const row = await db
        .selectFrom('tool_learners')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row === undefined ? undefined : toLearner(row)
    },
    async findByExternalId(externalId) {
      const row = await db
        .selectFrom('tool_learners')
        .selectAll()
        .where('external_id', '=', externalId)
        .executeTakeFirst()
      return row === undefined ? undefined : toLearner(row)
    },
    admit: (request) => db.transaction().execute((trx) => admitIn(trx, request, dialect)),
    async find(publicationId, learnerId) {
      const row = await enrolmentOf.takeFirst(db, { publicationId, learnerId })
      return row === undefined ? undefined : toEnrolment(row)
    },
    async listActive(publicationId, filter = {}) {
      let query = db
        .selectFrom('tool_enrolments')
        .selectAll()
        .where('publication_id', '=', publicationId)
        .where('status', '=', 'active')
      if (filter.consumer !== undefined) query = query.where('consumer', '=', filter.consumer)
      if (filter.contextId !== undefined) query = query.where('context_id', '=', filter.contextId)
      return (await query.orderBy('started_at').execute()).map(toEnrolment)
    },
    async unenrol(enrolmentId, now) {
      await db
        .updateTable('tool_enrolments')
        .set({ status: 'unenrolled', updated_at: now })
        .where('id', '=', enrolmentId)
        .execute()
    },
    async licenceCounts() {
      const rows = await db
        .selectFrom('tool_licences')
        .select(['publication_id', 'consumer', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy(['publication_id', 'consumer'])
        .orderBy('publication_id')
        .orderBy('consumer')
        .execute()
      return rows.map((row) => ({
        publicationId: row.publication_id,
        consumer: row.consumer,
        subscriptions: Number(row.n),
      }))
    },
  }
}

/** Enrolment counts per publication (active ones), for the console. */
export async function activeEnrolmentCounts<DB extends ToolDatabase>(
  handle: Kysely<DB>,
): Promise<Map<string, number>> {
  const db = narrow(handle)
  const rows = await db
    .selectFrom('tool_enrolments')
    .select(['publication_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'active')
    .groupBy('publication_id')
    .execute()
  return new Map(rows.map((row) => [row.publication_id, Number(row.n)]))
}
