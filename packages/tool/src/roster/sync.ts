import {
  fetchAllMembers,
  isUpstreamError,
  type Member,
  memberStatus,
  SCOPE,
} from '../internal/core.js'
import { isCodedError } from '../errors/tool-error.js'
import { compact } from '../internal/objects.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { accessToken } from '../internal/access-token.js'
import { consumerLabel, externalIdOf, provisionLearner } from '../launch/provision.js'
import type { MemberSyncMode, PlatformRegistration, Publication, RosterSource } from '../records.js'

/** What one sync of one platform context did. */
export interface RosterSyncResult {
  readonly publicationId: string
  readonly contextId: string
  readonly mode: MemberSyncMode
  /** Active members the platform listed. */
  readonly members: number
  readonly enrolled: number
  readonly unenrolled: number
  /** Members the publication's rules refused (full, outside the dates...), with the code. */
  readonly refused: readonly { readonly userId: string; readonly code: string }[]
}

async function fetchMembers(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  source: RosterSource,
  fresh: boolean,
): Promise<Member[]> {
  const scopes = [SCOPE.contextMembershipReadOnly]
  const token = await accessToken(runtime, registration, source.deploymentId, scopes, fresh)
  const members: Member[] = []
  const pages = fetchAllMembers(source.membershipsUrl, token.accessToken, {
    fetch: runtime.fetch,
    userAgent: runtime.userAgent,
    clock: runtime.clock,
    ...(runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}),
  })
  for await (const member of pages) members.push(member)
  return members
}

/** The active members of the context; a 401 is retried once with a fresh token. */
async function activeMembers(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  source: RosterSource,
): Promise<Member[]> {
  let members: Member[]
  try {
    members = await fetchMembers(runtime, registration, source, false)
  } catch (error) {
    if (!isUpstreamError(error) || error.upstreamStatus !== 401) throw error
    members = await fetchMembers(runtime, registration, source, true)
  }
  // Inactive and Deleted members count as missing: they lost access on the platform.
  return members.filter((member) => memberStatus(member) === 'Active')
}

async function enrolNew(
  runtime: ToolRuntime,
  publication: Publication,
  registration: PlatformRegistration,
  source: RosterSource,
  members: readonly Member[],
): Promise<{ enrolled: number; refused: RosterSyncResult['refused'] }> {
  const refused: { userId: string; code: string }[] = []
  let enrolled = 0
  for (const member of members) {
    try {
      const result = await provisionLearner(runtime.ports, {
        publication,
        consumer: {
          kind: 'lti13',
          registrationId: registration.id,
          lmsIdPrefix: registration.lmsIdPrefix,
        },
        userId: member.user_id,
        profile: compact({
          givenName: member.given_name ?? undefined,
          familyName: member.family_name ?? undefined,
          email: member.email ?? undefined,
        }),
        roles: member.roles,
        contextId: source.contextId,
        now: runtime.clock(),
      })
      if (result.outcome !== 'existing') enrolled += 1
    } catch (error) {
      if (!isCodedError(error)) throw error
      refused.push({ userId: member.user_id, code: error.code })
    }
  }
  return { enrolled, refused }
}

async function unenrolMissing(
  runtime: ToolRuntime,
  publication: Publication,
  registration: PlatformRegistration,
  source: RosterSource,
  members: readonly Member[],
): Promise<number> {
  // An empty roster is far more likely a platform glitch than a course everyone left: removing
  // every learner on it would be unrecoverable, so nobody is unenrolled.
  if (members.length === 0) return 0
  const present = new Set(members.map((m) => externalIdOf(registration.lmsIdPrefix, m.user_id)))
  const consumer = consumerLabel({
    kind: 'lti13',
    registrationId: registration.id,
    lmsIdPrefix: registration.lmsIdPrefix,
  })
  const enrolments = await runtime.ports.enrolments.listActive(publication.id, {
    consumer,
    contextId: source.contextId,
  })
  let unenrolled = 0
  for (const enrolment of enrolments) {
    const learner = await runtime.ports.learners.get(enrolment.learnerId)
    if (learner !== undefined && present.has(learner.externalId)) continue
    await runtime.ports.enrolments.unenrol(enrolment.id, runtime.clock())
    unenrolled += 1
  }
  return unenrolled
}

/**
 * Syncs a publication's enrolments with one platform context through NRPS (lti-notes §9):
 * fetches every page of members with a cached access token, then, by the publication's mode,
 * enrols members who are not enrolled yet (including those who never launched; each under the
 * publication's rules, a licence per new subscription) and/or unenrols enrolments of this context
 * whose member is no longer active.
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export async function syncRosterSource(
  runtime: ToolRuntime,
  source: RosterSource,
  mode?: MemberSyncMode,
): Promise<RosterSyncResult> {
  const publication = await runtime.ports.publications.get(source.publicationId)
  const registration = await runtime.ports.registrations.get(source.registrationId)
  if (publication === undefined || registration === undefined) {
    throw new TypeError(`roster source of an unknown publication or registration`)
  }
  const chosen = mode ?? publication.memberSync.mode
  const members = await activeMembers(runtime, registration, source)
  const added =
    chosen === 'unenrol-missing'
      ? { enrolled: 0, refused: [] }
      : await enrolNew(runtime, publication, registration, source, members)
  const unenrolled =
    chosen === 'enrol-new'
      ? 0
      : await unenrolMissing(runtime, publication, registration, source, members)
  runtime.emit({
    type: 'roster.synced',
    publicationId: publication.id,
    enrolled: added.enrolled,
    unenrolled,
  })
  return {
    publicationId: publication.id,
    contextId: source.contextId,
    mode: chosen,
    members: members.length,
    enrolled: added.enrolled,
    unenrolled,
    refused: added.refused,
  }
}

/**
 * The scheduled task: syncs every remembered context of every publication whose member sync is
 * `scheduled` (or of one publication). A failing context is reported and does not stop the rest.
 */
export async function syncScheduledRosters(
  runtime: ToolRuntime,
  publicationId?: string,
): Promise<
  readonly (RosterSyncResult | { readonly publicationId: string; readonly error: unknown })[]
> {
  const results: (RosterSyncResult | { publicationId: string; error: unknown })[] = []
  for (const source of await runtime.ports.rosterSources.list(publicationId)) {
    const publication = await runtime.ports.publications.get(source.publicationId)
    if (publication?.memberSync.trigger !== 'scheduled' || !publication.enabled) continue
    try {
      results.push(await syncRosterSource(runtime, source))
    } catch (error) {
      runtime.emit({ type: 'roster.failed', publicationId: source.publicationId, error })
      results.push({ publicationId: source.publicationId, error })
    }
  }
  return results
}
