/**
 * The router's storage and LMS in memory: for tests, examples and trying things out. Nothing
 * survives a restart; production passes a database implementation (`@ltihub/kysely`).
 */
import {
  type Clock,
  createKeyRing,
  generateSigningKey,
  type KeyRing,
  MemoryNonceStore,
} from '../internal/core.js'
import type { GradeBook, LmsDirectory } from '../ports.js'
import type { PlatformLms, PlatformStorage } from '../router/options.js'
import {
  MemoryConnectionStore,
  MemoryDeepLinkingSessionStore,
  MemoryKeyProvider,
  MemoryLaunchIntentStore,
  MemoryRegistrationTokenStore,
  MemorySourcedIdStore,
} from './memory-config.js'
import { MemoryLineItemStore, MemoryResultStore } from './memory-grades.js'
import { MemoryEmbeddedContentStore, MemoryResourceLinkStore } from './memory-lms.js'

/** {@link PlatformStorage} with the concrete memory classes, so callers reach their helpers. */
export interface MemoryPlatformStorage extends PlatformStorage {
  readonly connections: MemoryConnectionStore
  readonly resourceLinks: MemoryResourceLinkStore
  readonly embeddedContent: MemoryEmbeddedContentStore
  readonly lineItems: MemoryLineItemStore
  readonly results: MemoryResultStore
  readonly launchIntents: MemoryLaunchIntentStore
  readonly deepLinkingSessions: MemoryDeepLinkingSessionStore
  readonly sourcedIds: MemorySourcedIdStore
  readonly registrationTokens: MemoryRegistrationTokenStore
  readonly keys: MemoryKeyProvider
  readonly nonces: MemoryNonceStore
}

/**
 * Every platform store in memory, with a fresh signing key unless `keyRing` is given.
 *
 * @example
 * const storage = await createMemoryPlatformStorage()
 * storage.connections.put(toolConnection)
 */
export async function createMemoryPlatformStorage(
  options: { readonly keyRing?: KeyRing; readonly clock?: Clock } = {},
): Promise<MemoryPlatformStorage> {
  const results = new MemoryResultStore()
  const keyRing =
    options.keyRing ?? createKeyRing({ current: await generateSigningKey({ kid: 'platform-1' }) })
  return {
    connections: new MemoryConnectionStore(),
    resourceLinks: new MemoryResourceLinkStore(),
    embeddedContent: new MemoryEmbeddedContentStore(),
    lineItems: new MemoryLineItemStore(results),
    results,
    launchIntents: new MemoryLaunchIntentStore(),
    deepLinkingSessions: new MemoryDeepLinkingSessionStore(),
    sourcedIds: new MemorySourcedIdStore(),
    registrationTokens: new MemoryRegistrationTokenStore(),
    keys: new MemoryKeyProvider(keyRing),
    nonces: new MemoryNonceStore(options.clock ?? Date.now),
  }
}

/** A {@link PlatformLms} over a directory, a grade book and a session reader. */
export function memoryLms(input: {
  readonly directory: LmsDirectory
  readonly gradeBook: GradeBook
  readonly currentUserId: (request: Request) => Promise<string | undefined>
}): PlatformLms {
  const { directory, gradeBook } = input
  return {
    currentUserId: input.currentUserId,
    getUser: (userId) => directory.getUser(userId),
    getContext: (contextId) => directory.getContext(contextId),
    getEnrolment: (contextId, userId) => directory.getEnrolment(contextId, userId),
    listEnrolments: (contextId, query) => directory.listEnrolments(contextId, query),
    getAssignment: (assignmentId) => directory.getAssignment(assignmentId),
    writeGrade: (entry) => gradeBook.write(entry),
    readGrade: (assignmentId, userId) => gradeBook.read(assignmentId, userId),
  }
}
