/**
 * AGS line items (`LineItemStore`) and results (`ResultStore`) in SQL. A score is applied in one
 * `INSERT … ON CONFLICT DO UPDATE … WHERE stored < incoming` statement, so the ordering rule
 * ("MUST NOT update a result if the last timestamp on record is later") holds under races.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { LineItem, LineItemStore, NewLineItem, ResultStore, ScoreRecord } from '../layer.js'
import type { LtiLineItemsTable, LtiResultsTable } from '../table.js'
import { atomically, type Db, newId, optional } from './db.js'

const extensionsSchema = z.record(z.string(), z.unknown())
const activitySchema = z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'])
const gradingSchema = z.enum(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'])

function lineItemOf(row: Selectable<LtiLineItemsTable>): LineItem {
  return {
    id: row.id,
    contextId: row.context_id,
    connectionId: row.connection_id,
    label: row.label,
    scoreMaximum: row.score_maximum,
    ...optional('resourceLinkId', row.resource_link_id),
    ...optional('resourceId', row.resource_id),
    ...optional('tag', row.tag),
    ...optional('startDateTime', row.start_date_time),
    ...optional('endDateTime', row.end_date_time),
    ...optional('gradesReleased', row.grades_released === null ? null : row.grades_released === 1),
    ...optional('assignmentId', row.assignment_id),
    extensions: extensionsSchema.parse(JSON.parse(row.extensions_json)),
  }
}

function columnsOf(item: NewLineItem) {
  return {
    context_id: item.contextId,
    connection_id: item.connectionId,
    assignment_id: item.assignmentId ?? null,
    label: item.label,
    score_maximum: item.scoreMaximum,
    resource_link_id: item.resourceLinkId ?? null,
    resource_id: item.resourceId ?? null,
    tag: item.tag ?? null,
    start_date_time: item.startDateTime ?? null,
    end_date_time: item.endDateTime ?? null,
    grades_released: item.gradesReleased === undefined ? null : item.gradesReleased ? 1 : 0,
    extensions_json: JSON.stringify(item.extensions),
  }
}

// The statements of every score a tool posts, prepared once (`prepared` of @ltihub/kysely/sql).
const lineItemById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('lti_line_items').selectAll().where('id', '=', p.id),
)
const resultOf = prepared((db: Db, p: Placeholders<{ lineItemId: string; userId: string }>) =>
  db
    .selectFrom('lti_results')
    .selectAll()
    .where('line_item_id', '=', p.lineItemId)
    .where('user_id', '=', p.userId),
)
type ResultValues = Selectable<LtiResultsTable>
const upsertResult = prepared((db: Db, p: Placeholders<ResultValues>) => {
  // Listed one by one: placeholders are not enumerable, so they cannot be spread.
  const changes = {
    score_given: p.score_given,
    score_maximum: p.score_maximum,
    comment: p.comment,
    activity_progress: p.activity_progress,
    grading_progress: p.grading_progress,
    scoring_user_id: p.scoring_user_id,
    timestamp: p.timestamp,
    timestamp_key: p.timestamp_key,
    started_at: p.started_at,
    submitted_at: p.submitted_at,
  }
  return db
    .insertInto('lti_results')
    .values({ line_item_id: p.line_item_id, user_id: p.user_id, ...changes })
    .onConflict((conflict) =>
      conflict
        .columns(['line_item_id', 'user_id'])
        .doUpdateSet(changes)
        // Equal timestamps are refused too: a tool "MUST NOT" reuse one.
        .where('lti_results.timestamp_key', '<', p.timestamp_key),
    )
})

export interface SqlLineItemStore extends LineItemStore {
  /** Line items flowing into an assignment, oldest first (for the console). */
  listByAssignment(assignmentId: string): Promise<LineItem[]>
}

export function sqlLineItemStore(db: Db, clock: () => number): SqlLineItemStore {
  return {
    async get(lineItemId) {
      const row = await lineItemById.takeFirst(db, { id: lineItemId })
      return row === undefined ? undefined : lineItemOf(row)
    },
    async create(item) {
      const id = newId()
      await db
        .insertInto('lti_line_items')
        .values({ id, ...columnsOf(item), created_at: clock() })
        .execute()
      return { ...item, id }
    },
    async update(item) {
      await db
        .updateTable('lti_line_items')
        .set(columnsOf(item))
        .where('id', '=', item.id)
        .execute()
    },
    async delete(lineItemId) {
      // Results go with their line item; explicit, so it holds without foreign key enforcement.
      await atomically(db, async (trx) => {
        await trx.deleteFrom('lti_results').where('line_item_id', '=', lineItemId).execute()
        await trx.deleteFrom('lti_line_items').where('id', '=', lineItemId).execute()
      })
    },
    async list(query) {
      let select = db
        .selectFrom('lti_line_items')
        .selectAll()
        .where('context_id', '=', query.contextId)
        .where('connection_id', '=', query.connectionId)
      if (query.resourceLinkId !== undefined)
        select = select.where('resource_link_id', '=', query.resourceLinkId)
      if (query.resourceId !== undefined)
        select = select.where('resource_id', '=', query.resourceId)
      if (query.tag !== undefined) select = select.where('tag', '=', query.tag)
      const rows = await select
        .orderBy('created_at')
        .orderBy('id')
        .limit(query.limit)
        .offset(query.offset)
        .execute()
      return rows.map(lineItemOf)
    },
    async listByAssignment(assignmentId) {
      const rows = await db
        .selectFrom('lti_line_items')
        .selectAll()
        .where('assignment_id', '=', assignmentId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(lineItemOf)
    },
  }
}

/** Offset that makes every instant after 1653 BC a positive ordering key. */
const KEY_OFFSET = 10n ** 19n
const KEY_DIGITS = 21

/**
 * The text ordering key of a nanosecond timestamp: compares as text exactly as the instants
 * compare (both dialects compare these ASCII digits bytewise). BIGINT would not do: the
 * PostgreSQL driver maps it to a JS number, which cannot hold nanoseconds exactly.
 */
export function timestampKey(timestampNs: bigint): string {
  const shifted = timestampNs + KEY_OFFSET
  if (shifted < 0n || shifted >= 10n ** BigInt(KEY_DIGITS)) {
    throw new RangeError('score timestamp outside the supported range')
  }
  return shifted.toString().padStart(KEY_DIGITS, '0')
}

function scoreOf(row: Selectable<LtiResultsTable>): ScoreRecord {
  return {
    lineItemId: row.line_item_id,
    userId: row.user_id,
    ...optional('scoreGiven', row.score_given),
    ...optional('scoreMaximum', row.score_maximum),
    ...optional('comment', row.comment),
    activityProgress: activitySchema.parse(row.activity_progress),
    gradingProgress: gradingSchema.parse(row.grading_progress),
    ...optional('scoringUserId', row.scoring_user_id),
    timestamp: row.timestamp,
    timestampNs: BigInt(row.timestamp_key) - KEY_OFFSET,
    ...optional('startedAt', row.started_at),
    ...optional('submittedAt', row.submitted_at),
  }
}

export function sqlResultStore(db: Db): ResultStore {
  return {
    async applyScore(score) {
      const values: ResultValues = {
        line_item_id: score.lineItemId,
        user_id: score.userId,
        score_given: score.scoreGiven ?? null,
        score_maximum: score.scoreMaximum ?? null,
        comment: score.comment ?? null,
        activity_progress: score.activityProgress,
        grading_progress: score.gradingProgress,
        scoring_user_id: score.scoringUserId ?? null,
        timestamp: score.timestamp,
        timestamp_key: timestampKey(score.timestampNs),
        started_at: score.startedAt ?? null,
        submitted_at: score.submittedAt ?? null,
      }
      const result = await upsertResult.run(db, values)
      return result.numAffectedRows === 1n ? 'applied' : 'stale'
    },
    async get(lineItemId, userId) {
      const row = await resultOf.takeFirst(db, { lineItemId, userId })
      return row === undefined ? undefined : scoreOf(row)
    },
    async list(lineItemId, query) {
      let select = db.selectFrom('lti_results').selectAll().where('line_item_id', '=', lineItemId)
      if (query.userId !== undefined) select = select.where('user_id', '=', query.userId)
      const rows = await select.orderBy('user_id').limit(query.limit).offset(query.offset).execute()
      return rows.map(scoreOf)
    },
  }
}
