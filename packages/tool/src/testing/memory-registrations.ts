import { randomToken } from '../internal/random.js'
import type { ConsumerKeyStore, PlatformRegistrationStore } from '../ports.js'
import type { ConsumerKey, Deployment, PlatformRegistration } from '../records.js'

/** A memory {@link PlatformRegistrationStore} for tests, examples and single-process development. */
export class MemoryRegistrationStore implements PlatformRegistrationStore {
  readonly #registrations = new Map<string, PlatformRegistration>()
  readonly #deployments = new Map<string, Deployment>()

  constructor(registrations: readonly PlatformRegistration[] = []) {
    for (const registration of registrations) this.#registrations.set(registration.id, registration)
  }

  find(issuer: string, clientId: string): Promise<PlatformRegistration | undefined> {
    const all = [...this.#registrations.values()]
    return Promise.resolve(all.find((r) => r.issuer === issuer && r.clientId === clientId))
  }

  findByIssuer(issuer: string): Promise<readonly PlatformRegistration[]> {
    return Promise.resolve([...this.#registrations.values()].filter((r) => r.issuer === issuer))
  }

  get(id: string): Promise<PlatformRegistration | undefined> {
    return Promise.resolve(this.#registrations.get(id))
  }

  async upsert(registration: Omit<PlatformRegistration, 'id'>): Promise<PlatformRegistration> {
    const existing = await this.find(registration.issuer, registration.clientId)
    const stored = { ...registration, id: existing?.id ?? randomToken(12) }
    this.#registrations.set(stored.id, stored)
    return stored
  }

  findDeployment(registrationId: string, deploymentId: string): Promise<Deployment | undefined> {
    return Promise.resolve(this.#deployments.get(`${registrationId}\u0000${deploymentId}`))
  }

  recordDeployment(deployment: Deployment): Promise<Deployment> {
    const key = `${deployment.registrationId}\u0000${deployment.deploymentId}`
    const existing = this.#deployments.get(key)
    if (existing !== undefined) return Promise.resolve(existing)
    this.#deployments.set(key, deployment)
    return Promise.resolve(deployment)
  }

  /** Test helper: an administrator's decision on a deployment. */
  setDeploymentStatus(registrationId: string, deploymentId: string, status: Deployment['status']) {
    const key = `${registrationId}\u0000${deploymentId}`
    const existing = this.#deployments.get(key)
    this.#deployments.set(key, {
      registrationId,
      deploymentId,
      firstSeenAt: existing?.firstSeenAt ?? 0,
      status,
    })
  }

  /** Test helper: every registration. */
  all(): readonly PlatformRegistration[] {
    return [...this.#registrations.values()]
  }

  /** Test helper: forgets a registration (a platform that never registered). */
  remove(id: string): void {
    this.#registrations.delete(id)
  }
}

/** A memory {@link ConsumerKeyStore}. */
export class MemoryConsumerKeyStore implements ConsumerKeyStore {
  readonly #keys = new Map<string, ConsumerKey>()

  constructor(keys: readonly ConsumerKey[] = []) {
    for (const key of keys) this.#keys.set(key.key, key)
  }

  find(key: string): Promise<ConsumerKey | undefined> {
    return Promise.resolve(this.#keys.get(key))
  }

  list(): Promise<readonly ConsumerKey[]> {
    return Promise.resolve([...this.#keys.values()])
  }
}
