import type {
  ConnectionStore,
  DeepLinkingSession,
  DeepLinkingSessionStore,
  LaunchIntent,
  LaunchIntentStore,
  PendingRegistration,
  PlatformKeyProvider,
  RegistrationToken,
  RegistrationTokenStore,
  SourcedIdBinding,
  SourcedIdStore,
  ToolConnection,
} from '../ports.js'
import type { KeyRing } from '../internal/core.js'

/** A memory `ConnectionStore`; Dynamic Registrations get client ids `client-1`, `client-2`, ... */
export class MemoryConnectionStore implements ConnectionStore {
  readonly connections: Map<string, ToolConnection>
  #sequence = 0

  constructor(connections: readonly ToolConnection[] = []) {
    this.connections = new Map(connections.map((c) => [c.id, c]))
  }

  put(connection: ToolConnection): void {
    this.connections.set(connection.id, connection)
  }

  get(connectionId: string): Promise<ToolConnection | undefined> {
    return Promise.resolve(this.connections.get(connectionId))
  }

  findByClientId(issuer: string, clientId: string): Promise<ToolConnection | undefined> {
    for (const connection of this.connections.values()) {
      const reg = connection.lti13
      if (reg !== undefined && reg.issuer === issuer && reg.clientId === clientId) {
        return Promise.resolve(connection)
      }
    }
    return Promise.resolve(undefined)
  }

  findByConsumerKey(consumerKey: string): Promise<ToolConnection | undefined> {
    for (const connection of this.connections.values()) {
      if (connection.lti11?.consumerKey === consumerKey) return Promise.resolve(connection)
    }
    return Promise.resolve(undefined)
  }

  createPending(registration: PendingRegistration): Promise<ToolConnection> {
    this.#sequence += 1
    const n = this.#sequence
    const connection: ToolConnection = {
      id: `dr-${n}`,
      name: registration.name,
      status: 'pending',
      schoolIds: registration.schoolIds,
      features: {
        learningTool: false,
        scorePassback: false,
        assignmentResource: false,
        embeddableContent: false,
      },
      learningToolsList: { student: false, parent: false },
      privacy: { sendName: false, sendEmail: false },
      customParameters: registration.customParameters,
      lti13: {
        ...registration.lti13,
        clientId: `client-${n}`,
        deployments: [{ deploymentId: `deployment-${n}`, schoolIds: registration.schoolIds }],
      },
    }
    this.connections.set(connection.id, connection)
    return Promise.resolve(connection)
  }
}

/** Single-use records with an expiry: the shape of both intent and session stores. */
class MemoryOneTimeStore<T extends { readonly id: string; readonly expiresAt: number }> {
  readonly records = new Map<string, T>()

  save(record: T): Promise<void> {
    this.records.set(record.id, record)
    return Promise.resolve()
  }

  consume(id: string, now: number): Promise<T | undefined> {
    const record = this.records.get(id)
    // Delete first: whether it was valid or not, it can never be used again.
    this.records.delete(id)
    return Promise.resolve(record !== undefined && record.expiresAt > now ? record : undefined)
  }
}

/** A memory `LaunchIntentStore`. */
export class MemoryLaunchIntentStore
  extends MemoryOneTimeStore<LaunchIntent>
  implements LaunchIntentStore {}

/** A memory `DeepLinkingSessionStore`. */
export class MemoryDeepLinkingSessionStore
  extends MemoryOneTimeStore<DeepLinkingSession>
  implements DeepLinkingSessionStore {}

/** A memory `RegistrationTokenStore`. */
export class MemoryRegistrationTokenStore
  extends MemoryOneTimeStore<RegistrationToken>
  implements RegistrationTokenStore {}

/** A memory `SourcedIdStore`; sourcedids are `sid-1`, `sid-2`, ... */
export class MemorySourcedIdStore implements SourcedIdStore {
  readonly #byBinding = new Map<string, string>()
  readonly #bySourcedId = new Map<string, SourcedIdBinding>()

  issue(binding: SourcedIdBinding): Promise<string> {
    const k = `${binding.connectionId}\u0000${binding.resourceLinkId}\u0000${binding.userId}`
    let sourcedId = this.#byBinding.get(k)
    if (sourcedId === undefined) {
      sourcedId = `sid-${this.#byBinding.size + 1}`
      this.#byBinding.set(k, sourcedId)
      this.#bySourcedId.set(sourcedId, { ...binding })
    }
    return Promise.resolve(sourcedId)
  }

  resolve(sourcedId: string): Promise<SourcedIdBinding | undefined> {
    return Promise.resolve(this.#bySourcedId.get(sourcedId))
  }
}

/** A `PlatformKeyProvider` over a ring held in memory; `ring` may be replaced to rotate. */
export class MemoryKeyProvider implements PlatformKeyProvider {
  ring: KeyRing

  constructor(ring: KeyRing) {
    this.ring = ring
  }

  keyRing(): Promise<KeyRing> {
    return Promise.resolve(this.ring)
  }
}
