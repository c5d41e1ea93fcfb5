import { accessToken } from '../internal/access-token.js'
import {
  fetchAllMembers,
  isUpstreamError,
  type Member,
  memberStatus,
  SCOPE,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { ConsumerRef } from '../launch/provision.js'
import type { PlatformRegistration, RosterSource } from '../records.js'
import { fetchLti11Members } from './lti11-members.js'

type Lti13Source = Extract<RosterSource, { kind: 'lti13' }>

/** Runs a service call; a 401 may only mean the cached token expired early, so once more fresh. */
export async function withFreshTokenOn401<T>(call: (fresh: boolean) => Promise<T>): Promise<T> {
  try {
    return await call(false)
  } catch (error) {
    if (!isUpstreamError(error) || error.upstreamStatus !== 401) throw error
    return call(true)
  }
}

async function lti13Members(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  source: Lti13Source,
): Promise<Member[]> {
  return withFreshTokenOn401(async (fresh) => {
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
  })
}

/** A roster source's platform: whom its members are enrolled for, and its active members. */
export interface RosterPlatform {
  readonly consumer: ConsumerRef
  /** The registration, for LTI 1.3 sources (AGS line items need it too). */
  readonly registration?: PlatformRegistration
  readonly activeMembers: () => Promise<Member[]>
}

/**
 * The platform of a roster source: an LTI 1.3 registration (NRPS with an access token) or an
 * LTI 1.1 consumer key (NRPS signed with OAuth 1.0a). Inactive and Deleted members count as
 * missing: they lost access on the platform.
 * @throws TypeError for a source whose registration or consumer key no longer exists.
 */
export async function rosterPlatformOf(
  runtime: ToolRuntime,
  source: RosterSource,
): Promise<RosterPlatform> {
  const active = (members: Member[]) => members.filter((m) => memberStatus(m) === 'Active')
  if (source.kind === 'lti11') {
    const consumer = await runtime.ports.consumerKeys.find(source.consumerKey)
    if (consumer?.enabled !== true) throw new TypeError('roster source of an unknown consumer key')
    return {
      consumer: { kind: 'lti11', consumerKey: consumer.key, lmsIdPrefix: consumer.lmsIdPrefix },
      activeMembers: async () =>
        active(await fetchLti11Members(runtime, consumer, source.membershipsUrl)),
    }
  }
  const registration = await runtime.ports.registrations.get(source.registrationId)
  if (registration === undefined) throw new TypeError('roster source of an unknown registration')
  return {
    consumer: {
      kind: 'lti13',
      registrationId: registration.id,
      lmsIdPrefix: registration.lmsIdPrefix,
    },
    registration,
    activeMembers: async () => active(await lti13Members(runtime, registration, source)),
  }
}
