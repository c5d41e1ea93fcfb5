import { randomToken } from '../internal/random.js'
import type { AdmitRequest, AdmitResult, EnrolmentStore, LearnerStore } from '../ports.js'
import type { Enrolment, Learner, LicenceCount } from '../records.js'

interface Licence {
  readonly publicationId: string
  readonly learnerId: string
  readonly consumer: string
  readonly at: number
}

/** An active enrolment whose period has ended at `now`. */
function isExpired(enrolment: Enrolment, now: number): boolean {
  return (
    enrolment.status === 'active' && enrolment.expiresAt !== undefined && enrolment.expiresAt <= now
  )
}

/**
 * Memory learners, enrolments and licences in one object, because `admit` changes all three in
 * one step (JavaScript runs it without interleaving, which stands in for a SQL transaction).
 */
export class MemoryEnrolmentStore implements EnrolmentStore, LearnerStore {
  readonly #learners = new Map<string, Learner>()
  readonly #enrolments = new Map<string, Enrolment>()
  readonly #licences: Licence[] = []

  get(id: string): Promise<Learner | undefined> {
    return Promise.resolve(this.#learners.get(id))
  }

  findByExternalId(externalId: string): Promise<Learner | undefined> {
    return Promise.resolve(this.#learnerByExternalId(externalId))
  }

  find(publicationId: string, learnerId: string): Promise<Enrolment | undefined> {
    return Promise.resolve(this.#enrolment(publicationId, learnerId))
  }

  listActive(
    publicationId: string,
    filter: { readonly consumer?: string; readonly contextId?: string } = {},
  ): Promise<readonly Enrolment[]> {
    const active = [...this.#enrolments.values()].filter(
      (e) =>
        e.publicationId === publicationId &&
        e.status === 'active' &&
        (filter.consumer === undefined || e.consumer === filter.consumer) &&
        (filter.contextId === undefined || e.contextId === filter.contextId),
    )
    return Promise.resolve(active)
  }

  admit(request: AdmitRequest): Promise<AdmitResult> {
    const known = this.#learnerByExternalId(request.learner.externalId)
    const current =
      known === undefined ? undefined : this.#enrolment(request.publicationId, known.id)
    if (current !== undefined && isExpired(current, request.now)) {
      return Promise.resolve({ outcome: 'expired', enrolment: current })
    }
    if (current?.status !== 'active' && request.maxEnrolled !== undefined) {
      const active = [...this.#enrolments.values()].filter(
        (e) => e.publicationId === request.publicationId && e.status === 'active',
      ).length
      if (active >= request.maxEnrolled) return Promise.resolve({ outcome: 'full' })
    }
    const learner = this.#upsertLearner(request, known)
    const enrolment = this.#upsertEnrolment(request, learner, current)
    const licenceRecorded = this.#recordLicence(request, learner)
    const outcome =
      current === undefined ? 'enrolled' : current.status === 'active' ? 'existing' : 'reactivated'
    return Promise.resolve({ outcome, learner, enrolment, licenceRecorded })
  }

  unenrol(enrolmentId: string, _now: number): Promise<void> {
    const enrolment = this.#enrolments.get(enrolmentId)
    if (enrolment !== undefined) {
      this.#enrolments.set(enrolmentId, { ...enrolment, status: 'unenrolled' })
    }
    return Promise.resolve()
  }

  licenceCounts(): Promise<readonly LicenceCount[]> {
    const counts = new Map<string, LicenceCount>()
    for (const licence of this.#licences) {
      const key = `${licence.publicationId}\u0000${licence.consumer}`
      const previous = counts.get(key)?.subscriptions ?? 0
      counts.set(key, {
        publicationId: licence.publicationId,
        consumer: licence.consumer,
        subscriptions: previous + 1,
      })
    }
    return Promise.resolve([...counts.values()])
  }

  /** Test helper: every learner account. */
  learners(): readonly Learner[] {
    return [...this.#learners.values()]
  }

  #learnerByExternalId(externalId: string): Learner | undefined {
    return [...this.#learners.values()].find((learner) => learner.externalId === externalId)
  }

  #enrolment(publicationId: string, learnerId: string): Enrolment | undefined {
    return [...this.#enrolments.values()].find(
      (e) => e.publicationId === publicationId && e.learnerId === learnerId,
    )
  }

  #upsertLearner(request: AdmitRequest, known: Learner | undefined): Learner {
    const { defaults, ...profile } = request.learner
    const learner: Learner = known
      ? { ...known, ...profile }
      : { ...profile, id: randomToken(12), defaults, createdAt: request.now }
    this.#learners.set(learner.id, learner)
    return learner
  }

  #upsertEnrolment(request: AdmitRequest, learner: Learner, current?: Enrolment): Enrolment {
    const renewed = current === undefined || current.status !== 'active'
    const base: Enrolment = {
      id: current?.id ?? randomToken(12),
      publicationId: request.publicationId,
      courseId: request.courseId,
      learnerId: learner.id,
      role: request.role,
      status: 'active',
      consumer: renewed ? request.consumer : current.consumer,
      startedAt: renewed ? request.now : current.startedAt,
    }
    const contextId = request.contextId ?? current?.contextId
    const expiresAt = renewed ? request.expiresAt : current.expiresAt
    const gradeTarget = request.gradeTarget ?? current?.gradeTarget
    const enrolment: Enrolment = {
      ...base,
      ...(contextId === undefined ? {} : { contextId }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(gradeTarget === undefined ? {} : { gradeTarget }),
    }
    this.#enrolments.set(enrolment.id, enrolment)
    return enrolment
  }

  #recordLicence(request: AdmitRequest, learner: Learner): boolean {
    const counted = this.#licences.some(
      (l) => l.publicationId === request.publicationId && l.learnerId === learner.id,
    )
    if (counted) return false
    this.#licences.push({
      publicationId: request.publicationId,
      learnerId: learner.id,
      consumer: request.consumer,
      at: request.now,
    })
    return true
  }
}
