import { type Clock, type KeyRing, MemoryNonceStore, systemClock } from '../internal/core.js'
import type { ToolKeyProvider, ToolPorts } from '../ports.js'
import type {
  Activity,
  ConsumerKey,
  Course,
  PlatformRegistration,
  Publication,
} from '../records.js'
import { MemoryContentCatalog, MemoryPublicationStore } from './memory-content.js'
import { MemoryEnrolmentStore } from './memory-enrolments.js'
import { MemoryGradeOutbox, MemoryRosterSourceStore } from './memory-outbox.js'
import { MemoryConsumerKeyStore, MemoryRegistrationStore } from './memory-registrations.js'
import { MemoryLaunchStateStore, MemorySessionStore } from './memory-sessions.js'

/** A key provider over a fixed ring (rotation is the server's business). */
export function staticKeyProvider(ring: KeyRing): ToolKeyProvider {
  return { keyRing: () => Promise.resolve(ring) }
}

/** Seed data of {@link createMemoryPorts}. */
export interface MemoryPortsInput {
  readonly keyRing: KeyRing
  readonly clock?: Clock
  readonly registrations?: readonly PlatformRegistration[]
  readonly consumerKeys?: readonly ConsumerKey[]
  readonly courses?: readonly Course[]
  readonly activities?: readonly Activity[]
  readonly publications?: readonly Publication[]
}

/** {@link ToolPorts} with the concrete memory classes, so tests can reach their helpers. */
export interface MemoryPorts extends ToolPorts {
  readonly registrations: MemoryRegistrationStore
  readonly consumerKeys: MemoryConsumerKeyStore
  readonly launchStates: MemoryLaunchStateStore
  readonly sessions: MemorySessionStore
  readonly nonces: MemoryNonceStore
  readonly content: MemoryContentCatalog
  readonly publications: MemoryPublicationStore
  readonly learners: MemoryEnrolmentStore
  readonly enrolments: MemoryEnrolmentStore
  readonly gradeOutbox: MemoryGradeOutbox
  readonly rosterSources: MemoryRosterSourceStore
}

/**
 * Every port in memory, for tests, examples and single-process development. Nothing survives a
 * restart: production uses the server's SQL implementations.
 *
 * @example
 * const ports = createMemoryPorts({ keyRing: createKeyRing({ current: await generateSigningKey() }) })
 */
export function createMemoryPorts(input: MemoryPortsInput): MemoryPorts {
  const people = new MemoryEnrolmentStore()
  return {
    registrations: new MemoryRegistrationStore(input.registrations),
    consumerKeys: new MemoryConsumerKeyStore(input.consumerKeys),
    launchStates: new MemoryLaunchStateStore(),
    sessions: new MemorySessionStore(),
    nonces: new MemoryNonceStore(input.clock ?? systemClock),
    content: new MemoryContentCatalog({
      courses: input.courses ?? [],
      activities: input.activities ?? [],
    }),
    publications: new MemoryPublicationStore(input.publications),
    learners: people,
    enrolments: people,
    gradeOutbox: new MemoryGradeOutbox(),
    rosterSources: new MemoryRosterSourceStore(),
    keys: staticKeyProvider(input.keyRing),
  }
}
