import { compact } from '../internal/objects.js'
import { randomToken } from '../internal/random.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { GradeTarget, Publication } from '../records.js'
import type { LaunchContext, LaunchPlatform } from '../sessions.js'
import { type ConsumerRef, provisionLearner } from './provision.js'
import { type LaunchTarget, resolveTarget } from './resolve.js'

/** A verified launch (1.1 or 1.3), reduced to what provisioning and the session need. */
export interface VerifiedLaunchInput {
  readonly ltiVersion: '1.1' | '1.3'
  readonly platform: LaunchPlatform
  readonly consumer: ConsumerRef
  readonly target: LaunchTarget
  readonly userId: string | undefined
  readonly profile: {
    readonly givenName?: string
    readonly familyName?: string
    readonly email?: string
  }
  readonly roles: readonly string[]
  readonly context?: LaunchContext['context']
  readonly resourceLink?: LaunchContext['resourceLink']
  readonly gradeTarget?: GradeTarget
  readonly ags?: LaunchContext['ags']
  readonly nrps?: LaunchContext['nrps']
  readonly returnUrl?: string
  readonly locale?: string
}

/** What {@link finishLaunch} produced, for the caller's follow-up (member sync on launch). */
export interface FinishedLaunch {
  readonly launch: LaunchContext
  /** The publication as this launch read it (so the follow-up need not read it again). */
  readonly publication: Publication
  readonly isNewMember: boolean
}

/**
 * The common end of every resource-link launch: resolve what it opens, provision the learner
 * under the publication's rules (each refusal is a coded error and writes nothing), then store a
 * new session. Each launch gets its own session id, so two tabs never share one.
 */
export async function finishLaunch(
  runtime: ToolRuntime,
  input: VerifiedLaunchInput,
): Promise<FinishedLaunch> {
  const { ports } = runtime
  const resolved = await resolveTarget(ports, input.target, input.consumer)
  const now = runtime.clock()
  const provisioned = await provisionLearner(ports, {
    publication: resolved.publication,
    consumer: input.consumer,
    userId: input.userId,
    profile: compact(input.profile),
    roles: input.roles,
    now,
    ...compact({ contextId: input.context?.id, gradeTarget: input.gradeTarget }),
  })
  const launch: LaunchContext = {
    sessionId: randomToken(24),
    ltiVersion: input.ltiVersion,
    platform: input.platform,
    learner: provisioned.learner,
    enrolment: provisioned.enrolment,
    role: provisioned.side,
    roles: input.roles,
    publication: { id: resolved.publication.id, name: resolved.publication.name },
    course: resolved.course,
    custom: input.target.custom,
    createdAt: now,
    expiresAt: now + runtime.sessionTtlMs,
    ...compact({
      activity: resolved.activity,
      context: input.context,
      resourceLink: input.resourceLink,
      ags: input.ags,
      nrps: input.nrps,
      returnUrl: input.returnUrl,
      locale: input.locale,
    }),
  }
  await ports.sessions.save({
    kind: 'launch',
    id: launch.sessionId,
    expiresAt: launch.expiresAt,
    launch,
  })
  runtime.emit({
    type: 'launch.succeeded',
    ltiVersion: input.ltiVersion,
    publicationId: resolved.publication.id,
    learnerId: provisioned.learner.id,
    enrolmentOutcome: provisioned.outcome,
  })
  return {
    launch,
    publication: resolved.publication,
    isNewMember: provisioned.outcome === 'enrolled',
  }
}
