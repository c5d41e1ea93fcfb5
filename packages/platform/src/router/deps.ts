/** Builds the handlers' `PlatformDeps` from the router's options: storage, lms and settings. */
import { createHmac, randomBytes } from 'node:crypto'
import type { PlatformDeps, PlatformSettings } from '../config.js'
import { AccessTokenIssuer, type Clock, RemoteKeySets } from '../internal/core.js'
import type { GradeBook, LmsDirectory } from '../ports.js'
import type { LtiPlatformOptions, PlatformLms, PlatformStorage } from './options.js'
import { mountRoot, routerEndpoints } from './routes.js'

/** The settings of a router mounted at `options.publicUrl`. */
export function settingsOf(options: LtiPlatformOptions): PlatformSettings {
  const root = mountRoot(options.publicUrl)
  const host = new URL(root).host
  const optional = {
    launchIntentTtlMs: options.launchIntentTtlMs,
    idTokenTtlSeconds: options.idTokenTtlSeconds,
    deepLinkingTtlMs: options.deepLinkingTtlMs,
    registrationTokenTtlSeconds: options.registrationTokenTtlSeconds,
    dangerouslyAllowInsecureLoopback: options.dangerouslyAllowInsecureLoopback,
  }
  return {
    issuer: options.issuer ?? root,
    endpoints: routerEndpoints(root),
    instance: {
      guid: host,
      name: host,
      productFamilyCode: 'ltihub',
      version: '0.1.0',
      url: root,
      ...options.instance,
    },
    ...definedOnly(optional),
  }
}

/** The members of `value` that are not `undefined` (optional settings must be absent, not undefined). */
function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

/** The two signing secrets, derived from the one configured secret (or random per process). */
function secretsOf(secret: string | undefined): {
  accessToken: Uint8Array
  launchHint: Uint8Array
} {
  if (secret !== undefined && secret.length < 32) {
    throw new TypeError('secret must have at least 32 characters')
  }
  const derive = (label: string) =>
    new Uint8Array(
      secret === undefined
        ? randomBytes(32)
        : createHmac('sha256', secret).update(`ltihub platform ${label}`).digest(),
    )
  return { accessToken: derive('access tokens'), launchHint: derive('launch hints') }
}

/** The directory half of the LMS, bound so a method can be passed on alone. */
function directoryOf(lms: PlatformLms): LmsDirectory {
  return {
    getUser: (userId) => lms.getUser(userId),
    getContext: (contextId) => lms.getContext(contextId),
    getEnrolment: (contextId, userId) => lms.getEnrolment(contextId, userId),
    listEnrolments: (contextId, query) => lms.listEnrolments(contextId, query),
    getAssignment: (assignmentId) => lms.getAssignment(assignmentId),
  }
}

function gradeBookOf(lms: PlatformLms): GradeBook {
  return {
    write: (entry) => lms.writeGrade(entry),
    read: (assignmentId, userId) => lms.readGrade(assignmentId, userId),
  }
}

/** Builds `PlatformDeps` for one storage (the stores itself, or the ones of a transaction). */
export type DepsFactory = (storage: PlatformStorage) => PlatformDeps

export function depsFactory(options: LtiPlatformOptions, settings: PlatformSettings): DepsFactory {
  const clock: Clock = options.clock ?? Date.now
  const secrets = secretsOf(options.secret)
  const accessTokens = new AccessTokenIssuer({
    secret: secrets.accessToken,
    issuer: settings.issuer,
    clock,
  })
  const toolKeySets = new RemoteKeySets(options.fetch === undefined ? {} : { fetch: options.fetch })
  const directory = directoryOf(options.lms)
  const gradeBook = gradeBookOf(options.lms)
  return (storage) => ({
    settings,
    clock,
    directory,
    gradeBook,
    connections: storage.connections,
    resourceLinks: storage.resourceLinks,
    embeddedContent: storage.embeddedContent,
    lineItems: storage.lineItems,
    results: storage.results,
    launchIntents: storage.launchIntents,
    deepLinkingSessions: storage.deepLinkingSessions,
    sourcedIds: storage.sourcedIds,
    registrationTokens: storage.registrationTokens,
    keys: storage.keys,
    nonces: storage.nonces,
    accessTokens,
    launchHintSecret: secrets.launchHint,
    toolKeySets,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
}
