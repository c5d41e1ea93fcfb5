/**
 * Within one request, each record is read once. The launch and service paths check the same
 * connection, user, context and assignment from independent steps (the launch page, the plan,
 * the message builder); the ports stay simple and this wrapper removes the repeated queries.
 * Only read-only lookups are memoized, and only for the life of one `PlatformDeps`.
 */
import type { ConnectionStore, LmsDirectory, ResourceLinkStore, ToolConnection } from './layer.js'

type Lookup<A extends readonly string[], R> = (...args: A) => Promise<R>

/**
 * `lookup` remembered by its arguments (in `seen`, which a caller may also fill); a failed lookup
 * is forgotten, so a retry runs again.
 */
function once<A extends readonly string[], R>(
  lookup: Lookup<A, R>,
  seen = new Map<string, Promise<R>>(),
): Lookup<A, R> {
  return (...args) => {
    const key = args.join('\u0000')
    let result = seen.get(key)
    if (result === undefined) {
      result = lookup(...args)
      seen.set(key, result)
      result.catch(() => seen.delete(key))
    }
    return result
  }
}

export function memoizedDirectory(directory: LmsDirectory): LmsDirectory {
  return {
    getUser: once((userId) => directory.getUser(userId)),
    getContext: once((contextId) => directory.getContext(contextId)),
    getEnrolment: once((contextId, userId) => directory.getEnrolment(contextId, userId)),
    getAssignment: once((assignmentId) => directory.getAssignment(assignmentId)),
    listEnrolments: (contextId, query) => directory.listEnrolments(contextId, query),
  }
}

/** Connections found by client id or consumer key are remembered under their id as well. */
export function memoizedConnections(connections: ConnectionStore): ConnectionStore {
  const byId = new Map<string, Promise<ToolConnection | undefined>>()
  const remember = async (found: Promise<ToolConnection | undefined>) => {
    const connection = await found
    if (connection !== undefined) byId.set(connection.id, Promise.resolve(connection))
    return connection
  }
  return {
    get: once((connectionId) => connections.get(connectionId), byId),
    findByClientId: once((issuer, clientId) =>
      remember(connections.findByClientId(issuer, clientId)),
    ),
    findByConsumerKey: once((consumerKey) => remember(connections.findByConsumerKey(consumerKey))),
    createPending: (registration) => connections.createPending(registration),
  }
}

export function memoizedResourceLinks(links: ResourceLinkStore): ResourceLinkStore {
  return {
    get: once((resourceLinkId) => links.get(resourceLinkId)),
    create: (link) => links.create(link),
  }
}
