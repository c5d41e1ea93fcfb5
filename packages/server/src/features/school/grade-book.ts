import type { Clock } from '@ltihub/core'
import type { Insertable, Kysely } from 'kysely'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import type { GradeBook, GradeEntry, GradeWrite } from './layer.js'
import type { GradeEntriesTable, GradeSource } from './table.js'

type Db = Kysely<Database>

const SOURCE = { ags: 'lti-ags', 'basic-outcomes': 'lti-bo' } as const satisfies Record<
  GradeWrite['source']['protocol'],
  GradeSource
>

function checkWrite(entry: GradeWrite): void {
  if (entry.points !== null && !Number.isFinite(entry.points)) {
    throw new TypeError('a grade write needs finite points or null')
  }
  if (!Number.isFinite(entry.pointsPossible) || entry.pointsPossible <= 0) {
    throw new TypeError('a grade write needs positive points possible')
  }
  if (!Number.isSafeInteger(entry.timestampMs)) {
    throw new TypeError('a grade write needs an integer timestampMs')
  }
}

/**
 * Refuses writes the platform layer should never make: to an unknown or non-points assignment
 * ("only assignments scored using points can use score passback"), or for a user who is not a
 * student. These are caller bugs (TypeError), not client errors: the layer checks first.
 */
// Both statements of a grade write, prepared once (`prepared` of @ltihub/kysely/sql): tools post scores in bursts.
const targetOf = prepared((db: Db, p: Placeholders<{ assignmentId: string; userId: string }>) =>
  // One round trip for both facts.
  db.selectNoFrom((eb) => [
    eb.selectFrom('assignments').select('scoring').where('id', '=', p.assignmentId).as('scoring'),
    eb.selectFrom('users').select('kind').where('id', '=', p.userId).as('kind'),
  ]),
)

type EntryValues = Required<Omit<Insertable<GradeEntriesTable>, 'mark'>>
const upsertEntry = prepared((db: Db, p: Placeholders<EntryValues>) => {
  // Listed one by one: placeholders are read by name.
  const changes = {
    points: p.points,
    points_possible: p.points_possible,
    percentage: p.percentage,
    mark: null,
    comment: p.comment,
    source: p.source,
    connection_id: p.connection_id,
    line_item_id: p.line_item_id,
    scored_at: p.scored_at,
    scored_at_ms: p.scored_at_ms,
    updated_at: p.updated_at,
  }
  // AGS: the platform "MUST NOT update a result if the last timestamp on record is later than
  // the incoming score update" — checked by the database in the same statement as the write.
  return db
    .insertInto('grade_entries')
    .values({ assignment_id: p.assignment_id, student_id: p.student_id, ...changes })
    .onConflict((conflict) =>
      conflict
        .columns(['assignment_id', 'student_id'])
        .doUpdateSet(changes)
        .where('grade_entries.scored_at_ms', '<=', p.scored_at_ms),
    )
    .returning('assignment_id')
})

async function checkTarget(db: Db, entry: GradeWrite): Promise<void> {
  const target = await targetOf.takeFirst(db, entry)
  if (target?.scoring !== 'points') {
    throw new TypeError(`assignment ${entry.assignmentId} is not a points assignment`)
  }
  if (target.kind !== 'student') throw new TypeError(`user ${entry.userId} is not a student`)
}

/**
 * The platform layer's `GradeBook` over `grade_entries`. A write stores the points the layer
 * computed (the tool's percentage × the assignment's points possible), the percentage, comment and
 * source, in one upsert whose update applies only when the stored score is not strictly newer
 * (equal times overwrite, as the port requires for Basic Outcomes), so concurrent writes cannot
 * put an older score over a newer one. `null` points clear the score but keep the entry's trail.
 *
 * @example
 * const gradeBook = createSqlGradeBook(ctx.db, ctx.clock)
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service
 */
export function createSqlGradeBook(db: Db, clock: Clock): GradeBook {
  return {
    async write(entry) {
      checkWrite(entry)
      await checkTarget(db, entry)
      const row = await upsertEntry.takeFirst(db, {
        assignment_id: entry.assignmentId,
        student_id: entry.userId,
        points: entry.points,
        points_possible: entry.pointsPossible,
        percentage: entry.points === null ? null : (entry.points / entry.pointsPossible) * 100,
        comment: entry.comment ?? null,
        source: SOURCE[entry.source.protocol],
        connection_id: entry.source.connectionId,
        line_item_id: entry.source.lineItemId ?? null,
        scored_at: entry.timestamp,
        scored_at_ms: entry.timestampMs,
        updated_at: clock(),
      })
      return row === undefined ? 'stale' : 'applied'
    },
    async read(assignmentId, userId): Promise<GradeEntry | undefined> {
      const row = await db
        .selectFrom('grade_entries')
        .select(['points', 'points_possible', 'scored_at_ms'])
        .where('assignment_id', '=', assignmentId)
        .where('student_id', '=', userId)
        .executeTakeFirst()
      if (row === undefined) return undefined
      return {
        assignmentId,
        userId,
        points: row.points,
        pointsPossible: row.points_possible ?? 0,
        timestampMs: row.scored_at_ms,
      }
    },
  }
}
