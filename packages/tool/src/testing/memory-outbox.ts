import type { ClaimOptions, GradeOutbox, RosterSourceStore } from '../ports.js'
import type { GradeOutboxItem, OutboxSettlement, RosterSource } from '../records.js'

/** A memory {@link GradeOutbox}. */
export class MemoryGradeOutbox implements GradeOutbox {
  readonly #items = new Map<string, GradeOutboxItem>()

  enqueue(item: GradeOutboxItem): Promise<void> {
    for (const older of this.#items.values()) {
      if (older.targetKey === item.targetKey && older.state === 'pending') {
        this.#items.set(older.id, { ...older, state: 'superseded', updatedAt: item.createdAt })
      }
    }
    this.#items.set(item.id, item)
    return Promise.resolve()
  }

  latest(targetKey: string): Promise<GradeOutboxItem | undefined> {
    const items = [...this.#items.values()]
      .filter((item) => item.targetKey === targetKey)
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
    return Promise.resolve(items.at(-1))
  }

  claimDue(
    now: number,
    limit: number,
    leaseUntil: number,
    options: ClaimOptions = {},
  ): Promise<readonly GradeOutboxItem[]> {
    const skipped = new Set(options.skipPlatforms)
    const busy = new Set(
      [...this.#items.values()]
        .filter((item) => item.state === 'delivering' && (item.leaseUntil ?? 0) > now)
        .map((item) => item.targetKey),
    )
    const due = [...this.#items.values()]
      .filter(
        (item) =>
          !skipped.has(item.platformKey) &&
          ((item.state === 'pending' && item.nextAttemptAt <= now) ||
            (item.state === 'delivering' && (item.leaseUntil ?? 0) <= now)),
      )
      .sort((a, b) => a.createdAt - b.createdAt)
    const claimed: GradeOutboxItem[] = []
    for (const item of due) {
      if (claimed.length >= limit) break
      if (busy.has(item.targetKey)) continue
      busy.add(item.targetKey)
      const { resumed: _resumed, ...stored } = item
      const leased: GradeOutboxItem = { ...stored, state: 'delivering', leaseUntil, updatedAt: now }
      this.#items.set(item.id, leased)
      claimed.push(item.state === 'delivering' ? { ...leased, resumed: true } : leased)
    }
    return Promise.resolve(claimed)
  }

  settle(id: string, settlement: OutboxSettlement): Promise<void> {
    const item = this.#items.get(id)
    if (item === undefined) return Promise.resolve()
    const { leaseUntil: _lease, ...rest } = item
    const common = { ...rest, attempts: settlement.attempts, updatedAt: settlement.at }
    if (settlement.state === 'delivered') {
      this.#items.set(id, { ...common, state: 'delivered', deliveredAt: settlement.at })
    } else {
      const { at: _at, ...fields } = settlement
      this.#items.set(id, { ...common, ...fields })
    }
    return Promise.resolve()
  }

  get(id: string): Promise<GradeOutboxItem | undefined> {
    return Promise.resolve(this.#items.get(id))
  }

  listDead(limit: number): Promise<readonly GradeOutboxItem[]> {
    const dead = [...this.#items.values()].filter((item) => item.state === 'dead')
    return Promise.resolve(dead.slice(0, limit))
  }

  resend(id: string, now: number): Promise<boolean> {
    const item = this.#items.get(id)
    if (item?.state !== 'dead') return Promise.resolve(false)
    this.#items.set(id, {
      ...item,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      updatedAt: now,
    })
    return Promise.resolve(true)
  }

  /** Test helper: every item. */
  all(): readonly GradeOutboxItem[] {
    return [...this.#items.values()]
  }
}

/** A memory {@link RosterSourceStore}. */
export class MemoryRosterSourceStore implements RosterSourceStore {
  readonly #sources = new Map<string, RosterSource>()

  save(source: RosterSource): Promise<void> {
    const platform = source.kind === 'lti13' ? source.registrationId : source.consumerKey
    const key = [source.kind, source.publicationId, platform, source.contextId].join('\u0000')
    const stored = this.#sources.get(key)
    if (source.kind === 'lti13' && stored?.kind === 'lti13') {
      // The port's contract: a source without line item URLs keeps the stored ones.
      const lineItemUrl = source.lineItemUrl ?? stored.lineItemUrl
      const lineItemsUrl = source.lineItemsUrl ?? stored.lineItemsUrl
      this.#sources.set(key, {
        ...source,
        ...(lineItemUrl === undefined ? {} : { lineItemUrl }),
        ...(lineItemsUrl === undefined ? {} : { lineItemsUrl }),
      })
    } else {
      this.#sources.set(key, source)
    }
    return Promise.resolve()
  }

  list(publicationId?: string): Promise<readonly RosterSource[]> {
    const all = [...this.#sources.values()]
    return Promise.resolve(
      publicationId === undefined ? all : all.filter((s) => s.publicationId === publicationId),
    )
  }
}
