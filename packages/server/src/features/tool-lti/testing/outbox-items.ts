import type { GradeOutboxItem } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/schema.js'
import { sqlGradeOutbox, sqlRegistrationStore } from '@ltihub/kysely/tool'

/** What an AGS grade needs to know of its platform. */
export interface GradedPlatform {
  readonly registrationId: string
  readonly deploymentId: string
  readonly lineItemUrl: string
}

/** Registers an LTI 1.3 platform whose services live at `origin` (the tool will call them). */
export async function registerPlatform(
  db: Kysely<Database>,
  clock: () => number,
  origin: string,
  options: { readonly issuer: string; readonly clientId: string; readonly prefix: string },
): Promise<string> {
  const registration = await sqlRegistrationStore(db, clock).upsert({
    name: `Platform ${options.prefix}`,
    issuer: options.issuer,
    clientId: options.clientId,
    authLoginUrl: `${origin}/auth`,
    authTokenUrl: `${origin}/token`,
    jwksUrl: `${origin}/jwks`,
    deploymentPolicy: 'accept',
    lmsIdPrefix: options.prefix,
    enabled: true,
  })
  return registration.id
}

/**
 * Queues a grade for `userId` as the tool's reportResult would (the same target and platform
 * keys), without a launch: these tests are about delivery, not about how grades arise.
 */
export async function queueGrade(
  db: Kysely<Database>,
  platform: GradedPlatform,
  userId: string,
  at: number,
  scoreGiven = 0.8,
): Promise<GradeOutboxItem> {
  const target = {
    kind: 'ags' as const,
    registrationId: platform.registrationId,
    deploymentId: platform.deploymentId,
    lineItemUrl: platform.lineItemUrl,
    userId,
  }
  const item: GradeOutboxItem = {
    id: crypto.randomUUID(),
    targetKey: JSON.stringify(['ags', platform.registrationId, platform.lineItemUrl, userId]),
    platformKey: `lti13:${platform.registrationId}`,
    target,
    score: {
      scoreGiven,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    },
    timestamp: new Date(at).toISOString(),
    publicationId: 'publication-1',
    learnerId: `learner-${userId}`,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
  }
  await sqlGradeOutbox(db).enqueue(item)
  return item
}

/** The stored row of an outbox item. */
export function outboxRow(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('tool_grade_outbox')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}
