import type { ContentCatalog, PublicationStore } from '../ports.js'
import type { Activity, Course, Publication } from '../records.js'

/** A memory {@link ContentCatalog}: courses and activities given at construction. */
export class MemoryContentCatalog implements ContentCatalog {
  readonly #courses: readonly Course[]
  readonly #activities: readonly Activity[]

  constructor(content: { courses?: readonly Course[]; activities?: readonly Activity[] } = {}) {
    this.#courses = content.courses ?? []
    this.#activities = content.activities ?? []
  }

  getCourse(id: string): Promise<Course | undefined> {
    return Promise.resolve(this.#courses.find((course) => course.id === id))
  }

  findCourseByExternalId(externalId: string): Promise<Course | undefined> {
    return Promise.resolve(this.#courses.find((course) => course.externalId === externalId))
  }

  getActivity(id: string): Promise<Activity | undefined> {
    return Promise.resolve(this.#activities.find((activity) => activity.id === id))
  }

  listActivities(courseId: string): Promise<readonly Activity[]> {
    return Promise.resolve(this.#activities.filter((activity) => activity.courseId === courseId))
  }
}

/** A memory {@link PublicationStore}; `set` replaces a publication (for tests of settings). */
export class MemoryPublicationStore implements PublicationStore {
  readonly #publications = new Map<string, Publication>()

  constructor(publications: readonly Publication[] = []) {
    for (const publication of publications) this.#publications.set(publication.id, publication)
  }

  get(id: string): Promise<Publication | undefined> {
    return Promise.resolve(this.#publications.get(id))
  }

  listForCourse(courseId: string): Promise<readonly Publication[]> {
    return Promise.resolve([...this.#publications.values()].filter((p) => p.courseId === courseId))
  }

  list(): Promise<readonly Publication[]> {
    return Promise.resolve([...this.#publications.values()])
  }

  set(publication: Publication): void {
    this.#publications.set(publication.id, publication)
  }
}
