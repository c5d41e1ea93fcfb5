import type { Member } from '../internal/core.js'
import { isCodedError } from '../errors/tool-error.js'
import { compact } from '../internal/objects.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { consumerLabel, externalIdOf, provisionLearner } from '../launch/provision.js'
import type { MemberSyncMode, Publication, RosterSource } from '../records.js'
import { ensureContextLineItem } from './line-item.js'
import { type RosterPlatform, rosterPlatformOf } from './members.js'

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

/** Options of {@link syncRosterSource}. */
export interface SyncOptions {
  /** Overrides the publication's mode. */
  readonly mode?: MemberSyncMode | undefined
  /**
   * Never unenrolled by this sync: the learner whose launch triggered it proved membership with
   * a signed message, even when the platform's roster has not caught up yet.
   */
  readonly keepLearnerId?: string | undefined
}

async function enrolNew(
  runtime: ToolRuntime,
  publication: Publication,
  platform: RosterPlatform,
  source: RosterSource,
  members: readonly Member[],
): Promise<{ enrolled: number; refused: RosterSyncResult['refused'] }> {
  const refused: { userId: string; code: string }[] = []
  let enrolled = 0
  for (const member of members) {
    try {
      const result = await provisionLearner(runtime.ports, {
        publication,
        consumer: platform.consumer,
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
  platform: RosterPlatform,
  source: RosterSource,
  members: readonly Member[],
  keepLearnerId: string | undefined,
): Promise<number> {
  // An empty roster is far more likely a platform glitch than a course everyone left: removing
  // every learner on it would be unrecoverable, so nobody is unenrolled.
  if (members.length === 0) return 0
  const prefix = platform.consumer.lmsIdPrefix
  const present = new Set(members.map((m) => externalIdOf(prefix, m.user_id)))
  const enrolments = await runtime.ports.enrolments.listActive(publication.id, {
    consumer: consumerLabel(platform.consumer),
    contextId: source.contextId,
  })
  let unenrolled = 0
  for (const enrolment of enrolments) {
    if (enrolment.learnerId === keepLearnerId) continue
    const learner = await runtime.ports.learners.get(enrolment.learnerId)
    if (learner !== undefined && present.has(learner.externalId)) continue
    await runtime.ports.enrolments.unenrol(enrolment.id, runtime.clock())
    unenrolled += 1
  }
  return unenrolled
}

/**
 * The context's line item for learners who never launched, when the platform names only the
 * container. A failure is reported and does not stop the sync: enrolment matters more.
 */
async function ensureLineItem(
  runtime: ToolRuntime,
  platform: RosterPlatform,
  source: RosterSource,
  publication: Publication,
): Promise<void> {
  if (source.kind !== 'lti13' || platform.registration === undefined) return
  try {
    await ensureContextLineItem(runtime, platform.registration, source, publication)
  } catch (error) {
    runtime.emit({ type: 'roster.failed', publicationId: publication.id, error })
  }
}

/**
 * Syncs a publication's enrolments with one platform context through NRPS (lti-notes §9; LTI 1.1
 * consumers through NRPS's LTI 1.1 binding): fetches every page of members, then, by the
 * publication's mode, enrols members who are not enrolled yet (including those who never
 * launched; each under the publication's rules, a licence per new subscription) and/or unenrols
 * enrolments of this context whose member is no longer active.
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export async function syncRosterSource(
  runtime: ToolRuntime,
  source: RosterSource,
  options: SyncOptions = {},
): Promise<RosterSyncResult> {
  const publication = await runtime.ports.publications.get(source.publicationId)
  if (publication === undefined) throw new TypeError('roster source of an unknown publication')
  const platform = await rosterPlatformOf(runtime, source)
  const chosen = options.mode ?? publication.memberSync.mode
  const members = await platform.activeMembers()
  const added =
    chosen === 'unenrol-missing'
      ? { enrolled: 0, refused: [] }
      : await enrolNew(runtime, publication, platform, source, members)
  const unenrolled =
    chosen === 'enrol-new'
      ? 0
      : await unenrolMissing(runtime, publication, platform, source, members, options.keepLearnerId)
  if (chosen !== 'unenrol-missing') await ensureLineItem(runtime, platform, source, publication)
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
