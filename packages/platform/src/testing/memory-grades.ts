import type {
  GradeBook,
  GradeEntry,
  GradeWrite,
  LineItem,
  LineItemQuery,
  LineItemStore,
  NewLineItem,
  PageQuery,
  ResultStore,
  ScoreRecord,
} from '../ports.js'
import { pageOf } from './memory-lms.js'

/** A memory `LineItemStore`; new items get ids `li-1`, `li-2`, ... Deleting an item drops its results. */
export class MemoryLineItemStore implements LineItemStore {
  readonly items = new Map<string, LineItem>()
  readonly #results: MemoryResultStore | undefined
  #sequence = 0

  /** Pass the result store so `delete` removes the item's results, as the port requires. */
  constructor(results?: MemoryResultStore) {
    this.#results = results
  }

  get(lineItemId: string): Promise<LineItem | undefined> {
    return Promise.resolve(this.items.get(lineItemId))
  }

  create(item: NewLineItem): Promise<LineItem> {
    this.#sequence += 1
    const created: LineItem = { ...item, id: `li-${this.#sequence}` }
    this.items.set(created.id, created)
    return Promise.resolve(created)
  }

  update(item: LineItem): Promise<void> {
    if (!this.items.has(item.id)) throw new TypeError(`no line item ${item.id}`)
    this.items.set(item.id, item)
    return Promise.resolve()
  }

  delete(lineItemId: string): Promise<void> {
    this.items.delete(lineItemId)
    this.#results?.dropLineItem(lineItemId)
    return Promise.resolve()
  }

  list(query: LineItemQuery): Promise<readonly LineItem[]> {
    const rows = [...this.items.values()].filter(
      (item) =>
        item.contextId === query.contextId &&
        item.connectionId === query.connectionId &&
        (query.resourceLinkId === undefined || item.resourceLinkId === query.resourceLinkId) &&
        (query.resourceId === undefined || item.resourceId === query.resourceId) &&
        (query.tag === undefined || item.tag === query.tag),
    )
    return Promise.resolve(pageOf(rows, query))
  }
}

const key = (lineItemId: string, userId: string) => `${lineItemId}\u0000${userId}`

/** A memory `ResultStore` with the port's atomic timestamp guard. */
export class MemoryResultStore implements ResultStore {
  readonly scores = new Map<string, ScoreRecord>()

  applyScore(score: ScoreRecord): Promise<'applied' | 'stale'> {
    const existing = this.scores.get(key(score.lineItemId, score.userId))
    if (existing !== undefined && existing.timestampNs >= score.timestampNs) {
      return Promise.resolve('stale')
    }
    this.scores.set(key(score.lineItemId, score.userId), score)
    return Promise.resolve('applied')
  }

  get(lineItemId: string, userId: string): Promise<ScoreRecord | undefined> {
    return Promise.resolve(this.scores.get(key(lineItemId, userId)))
  }

  list(
    lineItemId: string,
    query: PageQuery & { readonly userId?: string },
  ): Promise<readonly ScoreRecord[]> {
    const rows = [...this.scores.values()]
      .filter((s) => s.lineItemId === lineItemId)
      .filter((s) => query.userId === undefined || s.userId === query.userId)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    return Promise.resolve(pageOf(rows, query))
  }

  dropLineItem(lineItemId: string): void {
    for (const [k, score] of this.scores) if (score.lineItemId === lineItemId) this.scores.delete(k)
  }
}

/** A memory `GradeBook` that also keeps every applied write, in order, for assertions. */
export class MemoryGradeBook implements GradeBook {
  readonly entries = new Map<string, GradeEntry>()
  readonly writes: GradeWrite[] = []

  write(entry: GradeWrite): Promise<'applied' | 'stale'> {
    const existing = this.entries.get(key(entry.assignmentId, entry.userId))
    if (existing !== undefined && existing.timestampMs > entry.timestampMs) {
      return Promise.resolve('stale')
    }
    this.entries.set(key(entry.assignmentId, entry.userId), {
      assignmentId: entry.assignmentId,
      userId: entry.userId,
      points: entry.points,
      pointsPossible: entry.pointsPossible,
      timestampMs: entry.timestampMs,
    })
    this.writes.push(entry)
    return Promise.resolve('applied')
  }

  read(assignmentId: string, userId: string): Promise<GradeEntry | undefined> {
    return Promise.resolve(this.entries.get(key(assignmentId, userId)))
  }
}
