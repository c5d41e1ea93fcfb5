import type {
  AdmitRequest,
  AdmitResult,
  Enrolment,
  EnrolmentStore,
  GradeTarget,
  Learner,
  LearnerStore,
  UserDefaults,
} from '@ltihub/tool'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Database } from '../../db/schema.js'
import { type Db, fromJson, opt } from './rows.js'
import type { ToolEnrolmentsTable, ToolLearnersTable } from './table.js'

function toLearner(row: Selectable<ToolLearnersTable>): Learner {
  return {
    id: row.id,
    externalId: row.external_id,
    ...opt('givenName', row.given_name),
    ...opt('familyName', row.family_name),
    ...opt('email', row.email),
    defaults: fromJson<UserDefaults>(row.defaults),
    createdAt: row.created_at,
  }
}

function toEnrolment(row: Selectable<ToolEnrolmentsTable>): Enrolment {
  return {
    id: row.id,
    publicationId: row.publication_id,
    courseId: row.course_id,
    learnerId: row.learner_id,
    role: row.role,
    status: row.status,
    consumer: row.consumer,
    ...opt('contextId', row.context_id),
    startedAt: row.started_at,
    ...opt('expiresAt', row.expires_at),
    ...(row.grade_target === null ? {} : { gradeTarget: fromJson<GradeTarget>(row.grade_target) }),
  }
}

async function findEnrolment(db: Db, publicationId: string, learnerId: string) {
  return db
    .selectFrom('tool_enrolments')
    .selectAll()
    .where('publication_id', '=', publicationId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst()
}

/** Upserts the learner by external ID in one statement; defaults apply only on creation. */
async function upsertLearner(db: Db, request: AdmitRequest): Promise<Learner> {
  const { defaults, externalId, ...profile } = request.learner
  const update = {
    external_id: externalId,
    ...(profile.givenName === undefined ? {} : { given_name: profile.givenName }),
    ...(profile.familyName === undefined ? {} : { family_name: profile.familyName }),
    ...(profile.email === undefined ? {} : { email: profile.email }),
  }
  const row = await db
    .insertInto('tool_learners')
    .values({
      id: crypto.randomUUID(),
      external_id: externalId,
      given_name: profile.givenName ?? null,
      family_name: profile.familyName ?? null,
      email: profile.email ?? null,
      defaults: JSON.stringify(defaults),
      created_at: request.now,
    })
    .onConflict((oc) => oc.column('external_id').doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow()
  return toLearner(row)
}

async function upsertEnrolment(
  db: Db,
  request: AdmitRequest,
  learner: Learner,
  current: Selectable<ToolEnrolmentsTable> | undefined,
): Promise<Enrolment> {
  const gradeTarget =
    request.gradeTarget === undefined ? undefined : JSON.stringify(request.gradeTarget)
  if (current === undefined) {
    const row = await db
      .insertInto('tool_enrolments')
      .values({
        id: crypto.randomUUID(),
        publication_id: request.publicationId,
        course_id: request.courseId,
        learner_id: learner.id,
        role: request.role,
        status: 'active',
        consumer: request.consumer,
        context_id: request.contextId ?? null,
        started_at: request.now,
        expires_at: request.expiresAt ?? null,
        grade_target: gradeTarget ?? null,
        updated_at: request.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toEnrolment(row)
  }
  const renewed = current.status !== 'active'
  const row = await db
    .updateTable('tool_enrolments')
    .set({
      role: request.role,
      status: 'active',
      updated_at: request.now,
      ...(request.contextId === undefined ? {} : { context_id: request.contextId }),
      ...(gradeTarget === undefined ? {} : { grade_target: gradeTarget }),
      ...(renewed
        ? {
            consumer: request.consumer,
            started_at: request.now,
            expires_at: request.expiresAt ?? null,
          }
        : {}),
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return toEnrolment(row)
}

async function admitIn(
  trx: Db,
  request: AdmitRequest,
  dialect: 'sqlite' | 'postgres',
): Promise<AdmitResult> {
  if (dialect === 'postgres') {
    // Serialises admissions to one publication, so two launches cannot both take the last seat.
    await sql`select id from tool_publications where id = ${request.publicationId} for update`.execute(
      trx,
    )
  }
  const known = await trx
    .selectFrom('tool_learners')
    .select('id')
    .where('external_id', '=', request.learner.externalId)
    .executeTakeFirst()
  const current =
    known === undefined ? undefined : await findEnrolment(trx, request.publicationId, known.id)
  if (current?.status !== 'active' && request.maxEnrolled !== undefined) {
    const { count } = await trx
      .selectFrom('tool_enrolments')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('publication_id', '=', request.publicationId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    // Full: return before any write, so a refused launch leaves no account behind.
    if (Number(count) >= request.maxEnrolled) return { outcome: 'full' }
  }
  const learner = await upsertLearner(trx, request)
  const enrolment = await upsertEnrolment(trx, request, learner, current)
  const licence = await trx
    .insertInto('tool_licences')
    .values({
      publication_id: request.publicationId,
      learner_id: learner.id,
      consumer: request.consumer,
      recorded_at: request.now,
    })
    .onConflict((oc) => oc.columns(['publication_id', 'learner_id']).doNothing())
    .returning('learner_id')
    .executeTakeFirst()
  const outcome =
    current === undefined ? 'enrolled' : current.status === 'active' ? 'existing' : 'reactivated'
  return { outcome, learner, enrolment, licenceRecorded: licence !== undefined }
}

/** Learners, enrolments and licences: `admit` changes all three in ONE transaction. */
export function sqlEnrolmentStore(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
): EnrolmentStore & LearnerStore {
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
      const row = await findEnrolment(db, publicationId, learnerId)
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
export async function activeEnrolmentCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tool_enrolments')
    .select(['publication_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'active')
    .groupBy('publication_id')
    .execute()
  return new Map(rows.map((row) => [row.publication_id, Number(row.n)]))
}
