import type { Publication, PublicationConsumer, PublicationStore, UserDefaults } from '@ltihub/tool'
import type { Selectable, Kysely } from 'kysely'
import { type Placeholders, prepared } from '../sql/prepared.js'
import { bit, type Db, fromJson, opt, narrow } from './rows.js'
import type { ToolPublicationsTable } from './table.js'
import type { ToolDatabase } from './schema.js'

function toPublication(row: Selectable<ToolPublicationsTable>): Publication {
  const consumers = fromJson<PublicationConsumer[]>(row.consumers)
  return {
    id: row.id,
    name: row.name,
    courseId: row.course_id,
    ...opt('activityId', row.activity_id),
    enabled: row.enabled === 1,
    ...(consumers.length === 0 ? {} : { consumers }),
    ...opt('enrolmentPeriodMs', row.enrolment_period_ms),
    ...opt('enrolmentStartsAt', row.enrolment_starts_at),
    ...opt('enrolmentEndsAt', row.enrolment_ends_at),
    ...opt('maxEnrolledUsers', row.max_enrolled_users),
    roleMapping: { instructor: row.role_instructor, learner: row.role_learner },
    grades: {
      sendBack: row.grades_send_back === 1,
      onlyOnCompletion: row.grades_only_on_completion === 1,
    },
    memberSync: { trigger: row.member_sync_trigger, mode: row.member_sync_mode },
    userDefaults: fromJson<UserDefaults>(row.user_defaults),
  }
}

// Read by every launch, prepared once (sql/prepared.ts).
const publicationById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('tool_publications').selectAll().where('id', '=', p.id),
)
const publicationsOfCourse = prepared((db: Db, p: Placeholders<{ courseId: string }>) =>
  db
    .selectFrom('tool_publications')
    .selectAll()
    .where('course_id', '=', p.courseId)
    .orderBy('created_at'),
)

/** "Publish as LTI tool" settings, read by the tool layer. */
export function sqlPublicationStore<DB extends ToolDatabase>(handle: Kysely<DB>): PublicationStore {
  const db = narrow(handle)
  const select = () => db.selectFrom('tool_publications').selectAll()
  return {
    async get(id) {
      const row = await publicationById.takeFirst(db, { id })
      return row === undefined ? undefined : toPublication(row)
    },
    async listForCourse(courseId) {
      return (await publicationsOfCourse.execute(db, { courseId })).map(toPublication)
    },
    async list() {
      return (await select().orderBy('created_at').execute()).map(toPublication)
    },
  }
}

/** Creates or replaces a publication (the console's "Publish as LTI tool" form). */
export async function savePublication<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  publication: Publication,
  now: number,
): Promise<void> {
  const db = narrow(handle)
  const values = {
    name: publication.name,
    course_id: publication.courseId,
    activity_id: publication.activityId ?? null,
    enabled: bit(publication.enabled),
    consumers: JSON.stringify(publication.consumers ?? []),
    enrolment_period_ms: publication.enrolmentPeriodMs ?? null,
    enrolment_starts_at: publication.enrolmentStartsAt ?? null,
    enrolment_ends_at: publication.enrolmentEndsAt ?? null,
    max_enrolled_users: publication.maxEnrolledUsers ?? null,
    role_instructor: publication.roleMapping.instructor,
    role_learner: publication.roleMapping.learner,
    grades_send_back: bit(publication.grades.sendBack),
    grades_only_on_completion: bit(publication.grades.onlyOnCompletion),
    member_sync_trigger: publication.memberSync.trigger,
    member_sync_mode: publication.memberSync.mode,
    user_defaults: JSON.stringify(publication.userDefaults),
    updated_at: now,
  }
  await db
    .insertInto('tool_publications')
    .values({ ...values, id: publication.id, created_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute()
}
