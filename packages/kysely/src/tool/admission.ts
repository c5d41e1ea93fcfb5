import type {
  AdmitRequest,
  AdmitResult,
  Enrolment,
  GradeTarget,
  Learner,
  UserDefaults,
} from '@ltihub/tool'
import { type Selectable, sql } from 'kysely'
import { type Placeholders, prepared } from '../sql/prepared.js'
import { type Db, fromJson, opt } from './rows.js'
import type { ToolEnrolmentsTable, ToolLearnersTable } from './table.js'

export function toLearner(row: Selectable<ToolLearnersTable>): Learner {
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

export function toEnrolment(row: Selectable<ToolEnrolmentsTable>): Enrolment {
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

// The statements of an admission (one per launch), prepared once (sql/prepared.ts).

export const enrolmentOf = prepared(
  (db: Db, p: Placeholders<{ publicationId: string; learnerId: string }>) =>
    db
      .selectFrom('tool_enrolments')
      .selectAll()
      .where('publication_id', '=', p.publicationId)
      .where('learner_id', '=', p.learnerId),
)

/** The learner by external ID with what `admit` needs of their enrolment in the publication. */
const admissionOf = prepared(
  (db: Db, p: Placeholders<{ externalId: string; publicationId: string }>) =>
    db
      .selectFrom('tool_learners as l')
      .leftJoin('tool_enrolments as e', (join) =>
        join.onRef('e.learner_id', '=', 'l.id').on('e.publication_id', '=', p.publicationId),
      )
      .select([
        'l.id',
        'l.external_id',
        'l.given_name',
        'l.family_name',
        'l.email',
        'l.defaults',
        'l.created_at',
        'e.id as enrolment_id',
        'e.status as enrolment_status',
        'e.expires_at as enrolment_expires_at',
      ])
      .where('l.external_id', '=', p.externalId),
)

const activeCount = prepared((db: Db, p: Placeholders<{ publicationId: string }>) =>
  db
    .selectFrom('tool_enrolments')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('publication_id', '=', p.publicationId)
    .where('status', '=', 'active'),
)

/** Insert, or update the profile fields the launch brings (NULL: keep); defaults only on insert. */
const upsertLearner = prepared((db: Db, p: Placeholders<Selectable<ToolLearnersTable>>) =>
  db
    .insertInto('tool_learners')
    .values({
      id: p.id,
      external_id: p.external_id,
      given_name: p.given_name,
      family_name: p.family_name,
      email: p.email,
      defaults: p.defaults,
      created_at: p.created_at,
    })
    .onConflict((oc) =>
      oc.column('external_id').doUpdateSet((eb) => ({
        given_name: eb.fn.coalesce('excluded.given_name', 'tool_learners.given_name'),
        family_name: eb.fn.coalesce('excluded.family_name', 'tool_learners.family_name'),
        email: eb.fn.coalesce('excluded.email', 'tool_learners.email'),
      })),
    )
    .returningAll(),
)

const insertEnrolment = prepared((db: Db, p: Placeholders<Selectable<ToolEnrolmentsTable>>) =>
  db
    .insertInto('tool_enrolments')
    .values({
      id: p.id,
      publication_id: p.publication_id,
      course_id: p.course_id,
      learner_id: p.learner_id,
      role: p.role,
      status: p.status,
      consumer: p.consumer,
      context_id: p.context_id,
      started_at: p.started_at,
      expires_at: p.expires_at,
      grade_target: p.grade_target,
      updated_at: p.updated_at,
    })
    .returningAll(),
)

// A type, not an interface: prepared parameters are records.
type EnrolmentChange = {
  readonly id: string
  readonly role: string
  readonly now: number
  /** NULL keeps the stored context and grade target. */
  readonly contextId: string | null
  readonly gradeTarget: string | null
}

/** An active enrolment launched again: role, context and grade target follow the launch. */
const updateEnrolment = prepared((db: Db, p: Placeholders<EnrolmentChange>) =>
  db
    .updateTable('tool_enrolments')
    .set((eb) => ({
      role: p.role,
      updated_at: p.now,
      context_id: eb.fn.coalesce(eb.val(p.contextId), 'context_id'),
      grade_target: eb.fn.coalesce(eb.val(p.gradeTarget), 'grade_target'),
    }))
    .where('id', '=', p.id)
    .returningAll(),
)

/** An unenrolled learner back: active again, with a new start, end and consumer. */
const renewEnrolment = prepared(
  (db: Db, p: Placeholders<EnrolmentChange & { consumer: string; expiresAt: number | null }>) =>
    db
      .updateTable('tool_enrolments')
      .set((eb) => ({
        role: p.role,
        status: 'active',
        updated_at: p.now,
        consumer: p.consumer,
        started_at: p.now,
        expires_at: p.expiresAt,
        context_id: eb.fn.coalesce(eb.val(p.contextId), 'context_id'),
        grade_target: eb.fn.coalesce(eb.val(p.gradeTarget), 'grade_target'),
      }))
      .where('id', '=', p.id)
      .returningAll(),
)

const insertLicence = prepared(
  (
    db: Db,
    p: Placeholders<{ publicationId: string; learnerId: string; consumer: string; now: number }>,
  ) =>
    db
      .insertInto('tool_licences')
      .values({
        publication_id: p.publicationId,
        learner_id: p.learnerId,
        consumer: p.consumer,
        recorded_at: p.now,
      })
      .onConflict((oc) => oc.columns(['publication_id', 'learner_id']).doNothing())
      .returning('learner_id'),
)

/** What `admit` needs of the enrolment it may renew. */
type CurrentEnrolment = Pick<Selectable<ToolEnrolmentsTable>, 'id' | 'status' | 'expires_at'>

async function findAdmission(db: Db, request: AdmitRequest) {
  const row = await admissionOf.takeFirst(db, {
    externalId: request.learner.externalId,
    publicationId: request.publicationId,
  })
  if (row === undefined) return { known: undefined, current: undefined }
  const { enrolment_id, enrolment_status, enrolment_expires_at, ...known } = row
  const current: CurrentEnrolment | undefined =
    enrolment_id === null || enrolment_status === null
      ? undefined
      : { id: enrolment_id, status: enrolment_status, expires_at: enrolment_expires_at }
  return { known, current }
}

/** Whether the launch brings nothing new for the stored learner (then no write is needed). */
function sameProfile(known: Selectable<ToolLearnersTable>, request: AdmitRequest): boolean {
  const { givenName, familyName, email } = request.learner
  return (
    (givenName === undefined || givenName === known.given_name) &&
    (familyName === undefined || familyName === known.family_name) &&
    (email === undefined || email === known.email)
  )
}

async function writeLearner(db: Db, request: AdmitRequest): Promise<Learner> {
  const { learner } = request
  const row = await upsertLearner.takeFirst(db, {
    id: crypto.randomUUID(),
    external_id: learner.externalId,
    given_name: learner.givenName ?? null,
    family_name: learner.familyName ?? null,
    email: learner.email ?? null,
    defaults: JSON.stringify(learner.defaults),
    created_at: request.now,
  })
  if (row === undefined) throw new Error('learner upsert returned no row')
  return toLearner(row)
}

async function writeEnrolment(
  db: Db,
  request: AdmitRequest,
  learner: Learner,
  current: CurrentEnrolment | undefined,
): Promise<Enrolment> {
  const gradeTarget = request.gradeTarget === undefined ? null : JSON.stringify(request.gradeTarget)
  const change = {
    role: request.role,
    now: request.now,
    contextId: request.contextId ?? null,
    gradeTarget,
  }
  const row =
    current === undefined
      ? await insertEnrolment.takeFirst(db, {
          id: crypto.randomUUID(),
          publication_id: request.publicationId,
          course_id: request.courseId,
          learner_id: learner.id,
          role: request.role,
          status: 'active',
          consumer: request.consumer,
          context_id: change.contextId,
          started_at: request.now,
          expires_at: request.expiresAt ?? null,
          grade_target: gradeTarget,
          updated_at: request.now,
        })
      : current.status === 'active'
        ? await updateEnrolment.takeFirst(db, { id: current.id, ...change })
        : await renewEnrolment.takeFirst(db, {
            id: current.id,
            ...change,
            consumer: request.consumer,
            expiresAt: request.expiresAt ?? null,
          })
  if (row === undefined) throw new Error('enrolment write returned no row')
  return toEnrolment(row)
}

const isExpired = (current: CurrentEnrolment | undefined, now: number) =>
  current?.status === 'active' && current.expires_at !== null && current.expires_at <= now

/**
 * The body of `EnrolmentStore.admit`, run in its transaction: at most one read of the learner
 * with their enrolment, then only the writes the launch needs (an unchanged learner is not
 * written again; a licence only with a first enrolment).
 */
export async function admitIn(
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
  const { known, current } = await findAdmission(trx, request)
  if (known !== undefined && isExpired(current, request.now)) {
    const row = await enrolmentOf.takeFirst(trx, {
      publicationId: request.publicationId,
      learnerId: known.id,
    })
    if (row !== undefined) return { outcome: 'expired', enrolment: toEnrolment(row) }
  }
  if (current?.status !== 'active' && request.maxEnrolled !== undefined) {
    const counted = await activeCount.takeFirst(trx, { publicationId: request.publicationId })
    // Full: return before any write, so a refused launch leaves no account behind.
    if (Number(counted?.count ?? 0) >= request.maxEnrolled) return { outcome: 'full' }
  }
  const learner =
    known !== undefined && sameProfile(known, request)
      ? toLearner(known)
      : await writeLearner(trx, request)
  const enrolment = await writeEnrolment(trx, request, learner, current)
  // The licence is recorded with the learner's first enrolment in the publication, in this same
  // transaction: only a new enrolment can be a new subscription.
  const licence =
    current === undefined
      ? await insertLicence.takeFirst(trx, {
          publicationId: request.publicationId,
          learnerId: learner.id,
          consumer: request.consumer,
          now: request.now,
        })
      : undefined
  const outcome =
    current === undefined ? 'enrolled' : current.status === 'active' ? 'existing' : 'reactivated'
  return { outcome, learner, enrolment, licenceRecorded: licence !== undefined }
}
