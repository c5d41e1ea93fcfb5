import type {
  Assignment,
  CourseRole,
  EmbeddedContentStore,
  Enrolment,
  LmsContext,
  LmsDirectory,
  LmsUser,
  NewEmbeddedContent,
  NewResourceLink,
  PageQuery,
  ResourceLink,
  ResourceLinkStore,
  RosterEntry,
} from '../ports.js'

/** Copies a page out of a sorted array. */
export function pageOf<T>(rows: readonly T[], query: PageQuery): T[] {
  return rows.slice(query.offset, query.offset + query.limit)
}

function byId<T extends { readonly id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]))
}

/** Seed data of a {@link MemoryLmsDirectory}. */
export interface LmsSeed {
  readonly users?: readonly LmsUser[]
  readonly contexts?: readonly LmsContext[]
  readonly enrolments?: readonly Enrolment[]
  readonly assignments?: readonly Assignment[]
}

/**
 * A memory `LmsDirectory` for tests, examples and `--demo`: the school model as arrays. Mutators
 * (`putUser`, `enrol`, ...) let tests change it between calls.
 */
export class MemoryLmsDirectory implements LmsDirectory {
  readonly users: Map<string, LmsUser>
  readonly contexts: Map<string, LmsContext>
  readonly assignments: Map<string, Assignment>
  readonly #enrolments = new Map<string, Enrolment>()

  constructor(seed: LmsSeed = {}) {
    this.users = byId(seed.users ?? [])
    this.contexts = byId(seed.contexts ?? [])
    this.assignments = byId(seed.assignments ?? [])
    for (const enrolment of seed.enrolments ?? []) this.enrol(enrolment)
  }

  putUser(user: LmsUser): void {
    this.users.set(user.id, user)
  }

  enrol(enrolment: Enrolment): void {
    this.#enrolments.set(`${enrolment.contextId}\u0000${enrolment.userId}`, enrolment)
  }

  getUser(userId: string): Promise<LmsUser | undefined> {
    return Promise.resolve(this.users.get(userId))
  }

  getContext(contextId: string): Promise<LmsContext | undefined> {
    return Promise.resolve(this.contexts.get(contextId))
  }

  getEnrolment(contextId: string, userId: string): Promise<Enrolment | undefined> {
    return Promise.resolve(this.#enrolments.get(`${contextId}\u0000${userId}`))
  }

  listEnrolments(
    contextId: string,
    query: PageQuery & { readonly roles?: readonly CourseRole[] },
  ): Promise<readonly RosterEntry[]> {
    const rows: RosterEntry[] = []
    for (const enrolment of this.#enrolments.values()) {
      if (enrolment.contextId !== contextId) continue
      if (query.roles !== undefined && !query.roles.includes(enrolment.role)) continue
      const user = this.users.get(enrolment.userId)
      if (user !== undefined) rows.push({ ...enrolment, user })
    }
    rows.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    return Promise.resolve(pageOf(rows, query))
  }

  getAssignment(assignmentId: string): Promise<Assignment | undefined> {
    return Promise.resolve(this.assignments.get(assignmentId))
  }
}

/** A memory `ResourceLinkStore`; new links get ids `link-1`, `link-2`, ... */
export class MemoryResourceLinkStore implements ResourceLinkStore {
  readonly links: Map<string, ResourceLink>
  #sequence = 0

  constructor(links: readonly ResourceLink[] = []) {
    this.links = byId(links)
  }

  get(resourceLinkId: string): Promise<ResourceLink | undefined> {
    return Promise.resolve(this.links.get(resourceLinkId))
  }

  create(link: NewResourceLink): Promise<ResourceLink> {
    this.#sequence += 1
    const created: ResourceLink = { ...link, id: `link-${this.#sequence}`, history: [] }
    this.links.set(created.id, created)
    return Promise.resolve(created)
  }
}

/** A memory `EmbeddedContentStore` that keeps what it received, in order. */
export class MemoryEmbeddedContentStore implements EmbeddedContentStore {
  readonly items: { readonly id: string; readonly content: NewEmbeddedContent }[] = []

  create(content: NewEmbeddedContent): Promise<string> {
    const id = `embed-${this.items.length + 1}`
    this.items.push({ id, content })
    return Promise.resolve(id)
  }
}
