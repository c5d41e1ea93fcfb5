import type {
  GradeOutbox,
  GradeOutboxItem,
  GradeTarget,
  OutboxScore,
  OutboxState,
  RosterSource,
  RosterSourceStore,
} from '@ltihub/tool'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { ToolDatabase } from './schema.js'
import { fromJson, narrow, opt } from './rows.js'
import type { ToolGradeOutboxTable, ToolRosterSourcesTable } from './table.js'

function toItem(row: Selectable<ToolGradeOutboxTable>): GradeOutboxItem {
  return {
    id: row.id,
    targetKey: row.target_key,
    platformKey: row.platform_key,
    target: fromJson<GradeTarget>(row.target),
    score: fromJson<OutboxScore>(row.score),
    timestamp: row.timestamp,
    publicationId: row.publication_id,
    learnerId: row.learner_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...opt('leaseUntil', row.lease_until),
    ...opt('lastError', row.last_error),
    ...opt('lastStatus', row.last_status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...opt('deliveredAt', row.delivered_at),
  }
}

/** How many due rows one claim looks at beyond `limit` (rows of a busy target are skipped). */
const CANDIDATE_FACTOR = 4

/**
 * The durable grade outbox. A claim marks each row `delivering` with ONE conditional UPDATE
 * (`WHERE id = ? AND (state = 'pending' AND next_attempt_at <= now OR lease expired)`), so when
 * two workers race for a row the database lets exactly one of them change it.
 */
export function sqlGradeOutbox<DB extends ToolDatabase>(handle: Kysely<DB>): GradeOutbox {
  const db = narrow(handle)
  const select = () => db.selectFrom('tool_grade_outbox').selectAll()
  return {
    enqueue: (item) =>
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('tool_grade_outbox')
          .set({ state: 'superseded', updated_at: item.createdAt })
          .where('target_key', '=', item.targetKey)
          .where('state', '=', 'pending')
          .execute()
        await trx.insertInto('tool_grade_outbox').values(toRow(item)).execute()
      }),
    async latest(targetKey) {
      const row = await select()
        .where('target_key', '=', targetKey)
        .orderBy('timestamp', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row === undefined ? undefined : toItem(row)
    },
    claimDue: (now, limit, leaseUntil, options) =>
      claimDue(db, now, limit, leaseUntil, options?.skipPlatforms ?? []),
    async settle(id, settlement) {
      const common = { attempts: settlement.attempts, updated_at: settlement.at, lease_until: null }
      const set =
        settlement.state === 'delivered'
          ? { ...common, state: 'delivered' as const, delivered_at: settlement.at }
          : {
              ...common,
              state: settlement.state,
              last_error: settlement.lastError.slice(0, 2000),
              last_status: settlement.lastStatus ?? null,
              ...(settlement.state === 'pending'
                ? { next_attempt_at: settlement.nextAttemptAt }
                : {}),
            }
      await db.updateTable('tool_grade_outbox').set(set).where('id', '=', id).execute()
    },
    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst()
      return row === undefined ? undefined : toItem(row)
    },
    async listDead(limit) {
      const rows = await select()
        .where('state', '=', 'dead')
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute()
      return rows.map(toItem)
    },
    async resend(id, now) {
      const result = await db
        .updateTable('tool_grade_outbox')
        .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },
  }
}

function toRow(item: GradeOutboxItem): Selectable<ToolGradeOutboxTable> {
  return {
    id: item.id,
    target_key: item.targetKey,
    platform_key: item.platformKey,
    target: JSON.stringify(item.target),
    score: JSON.stringify(item.score),
    timestamp: item.timestamp,
    publication_id: item.publicationId,
    learner_id: item.learnerId,
    state: item.state,
    attempts: item.attempts,
    next_attempt_at: item.nextAttemptAt,
    lease_until: item.leaseUntil ?? null,
    last_error: item.lastError ?? null,
    last_status: item.lastStatus ?? null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    delivered_at: item.deliveredAt ?? null,
  }
}

async function claimDue(
  db: Kysely<ToolDatabase>,
  now: number,
  limit: number,
  leaseUntil: number,
  skipPlatforms: readonly string[],
): Promise<GradeOutboxItem[]> {
  let query = db
    .selectFrom('tool_grade_outbox as o')
    .select(['o.id', 'o.target_key', 'o.state'])
    .where((eb) =>
      eb.or([
        eb.and([eb('o.state', '=', 'pending'), eb('o.next_attempt_at', '<=', now)]),
        eb.and([eb('o.state', '=', 'delivering'), eb('o.lease_until', '<=', now)]),
      ]),
    )
  if (skipPlatforms.length > 0) query = query.where('o.platform_key', 'not in', skipPlatforms)
  const candidates = await query
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(limit * CANDIDATE_FACTOR)
    .execute()
  const claimed: GradeOutboxItem[] = []
  const seen = new Set<string>()
  for (const candidate of candidates) {
    if (claimed.length >= limit) break
    if (seen.has(candidate.target_key)) continue
    seen.add(candidate.target_key)
    const row = await claimOne(db, candidate.id, now, leaseUntil)
    // A candidate seen `delivering` was taken over from an expired lease (a stopped worker).
    if (row !== undefined) {
      claimed.push(
        candidate.state === 'delivering' ? { ...toItem(row), resumed: true } : toItem(row),
      )
    }
  }
  return claimed
}

/** The atomic claim of one row; undefined when another worker took it first or its target is busy. */
function claimOne(db: Kysely<ToolDatabase>, id: string, now: number, leaseUntil: number) {
  return db
    .updateTable('tool_grade_outbox')
    .set({ state: 'delivering', lease_until: leaseUntil, updated_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.and([
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'delivering'), eb('lease_until', '<=', now)]),
        ]),
        // Scores of one user go in order: not while another item of the target is in flight.
        eb.not(
          eb.exists(
            eb
              .selectFrom('tool_grade_outbox as busy')
              .select('busy.id')
              .whereRef('busy.target_key', '=', 'tool_grade_outbox.target_key')
              .where('busy.state', '=', 'delivering')
              .where('busy.lease_until', '>', now)
              .where('busy.id', '<>', id),
          ),
        ),
      ]),
    )
    .returningAll()
    .executeTakeFirst()
}

/** Outbox rows for the console's Grade deliveries page, newest first. */
export async function listOutbox<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  options: { readonly states?: readonly OutboxState[]; readonly limit: number },
): Promise<GradeOutboxItem[]> {
  const db = narrow(handle)
  let query = db.selectFrom('tool_grade_outbox').selectAll()
  if (options.states !== undefined && options.states.length > 0) {
    query = query.where('state', 'in', options.states)
  }
  const rows = await query.orderBy('created_at', 'desc').limit(options.limit).execute()
  return rows.map(toItem)
}

function toRosterSource(row: Selectable<ToolRosterSourcesTable>): RosterSource {
  const common = {
    publicationId: row.publication_id,
    contextId: row.context_id,
    membershipsUrl: row.memberships_url,
    updatedAt: row.updated_at,
  }
  if (row.kind === 'lti11') return { kind: 'lti11', ...common, consumerKey: row.registration_id }
  return {
    kind: 'lti13',
    ...common,
    registrationId: row.registration_id,
    deploymentId: row.deployment_id,
    ...opt('lineItemUrl', row.line_item_url),
    ...opt('lineItemsUrl', row.line_items_url),
  }
}

/** Member-sync sources, one per (publication, registration or consumer key, context). */
export function sqlRosterSourceStore<DB extends ToolDatabase>(
  handle: Kysely<DB>,
): RosterSourceStore {
  const db = narrow(handle)
  return {
    async save(source) {
      const lti13 = source.kind === 'lti13' ? source : undefined
      const platformId = source.kind === 'lti13' ? source.registrationId : source.consumerKey
      const values = {
        kind: source.kind,
        deployment_id: lti13?.deploymentId ?? '',
        memberships_url: source.membershipsUrl,
        line_item_url: lti13?.lineItemUrl ?? null,
        line_items_url: lti13?.lineItemsUrl ?? null,
        updated_at: source.updatedAt,
      }
      // One statement; a launch without a line item keeps the one the context has.
      await db
        .insertInto('tool_roster_sources')
        .values({
          ...values,
          publication_id: source.publicationId,
          registration_id: platformId,
          context_id: source.contextId,
        })
        .onConflict((oc) =>
          oc.columns(['publication_id', 'registration_id', 'context_id']).doUpdateSet({
            ...values,
            line_item_url: sql<
              string | null
            >`coalesce(excluded.line_item_url, tool_roster_sources.line_item_url)`,
            line_items_url: sql<
              string | null
            >`coalesce(excluded.line_items_url, tool_roster_sources.line_items_url)`,
          }),
        )
        .execute()
    },
    async list(publicationId) {
      let query = db.selectFrom('tool_roster_sources').selectAll()
      if (publicationId !== undefined) query = query.where('publication_id', '=', publicationId)
      const rows = await query.orderBy('updated_at').execute()
      return rows.map(toRosterSource)
    },
  }
}
