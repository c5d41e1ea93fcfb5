import type { LaunchStateStore, SessionStore } from '../ports.js'
import type { LaunchStateRecord } from '../records.js'
import type { ToolSession } from '../sessions.js'

/** A memory {@link LaunchStateStore}. */
export class MemoryLaunchStateStore implements LaunchStateStore {
  readonly #records = new Map<string, LaunchStateRecord>()

  save(record: LaunchStateRecord): Promise<void> {
    this.#records.set(record.state, record)
    return Promise.resolve()
  }

  find(state: string, now: number): Promise<LaunchStateRecord | undefined> {
    const record = this.#records.get(state)
    return Promise.resolve(record !== undefined && record.expiresAt > now ? record : undefined)
  }

  take(state: string, now: number): Promise<LaunchStateRecord | undefined> {
    const record = this.#records.get(state)
    // Delete before answering: the check and the removal are one step, as a SQL
    // `DELETE ... RETURNING` would be.
    this.#records.delete(state)
    return Promise.resolve(record !== undefined && record.expiresAt > now ? record : undefined)
  }

  /** Test helper: how many logins are pending. */
  get size(): number {
    return this.#records.size
  }
}

/** A memory {@link SessionStore}. Stores a structured clone, as a database would store JSON. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, ToolSession>()

  save(session: ToolSession): Promise<void> {
    this.#sessions.set(session.id, structuredClone(session))
    return Promise.resolve()
  }

  get(id: string, now: number): Promise<ToolSession | undefined> {
    const session = this.#sessions.get(id)
    if (session === undefined || session.expiresAt <= now) return Promise.resolve(undefined)
    return Promise.resolve(structuredClone(session))
  }
}
