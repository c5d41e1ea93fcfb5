import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { apiCallerOf } from '../../../api/guard.js'
import type { AppContext } from '../../../context.js'
import type { Principal } from '../../../console/session.js'
import type { Database } from '../../../db/schema.js'
import { HttpProblem } from '../../../http/problems.js'
import type { Section } from '../model.js'
import { findUser } from '../repository.js'
import { findEnrolment, findSection } from '../sections-repository.js'

/**
 * Who is calling the school API. Administrators manage the whole district; teachers read the
 * sections they teach and manage those sections' assignments and grades. Nobody else may call.
 */
export type Actor =
  | { readonly kind: 'administrator'; readonly id: string }
  | { readonly kind: 'teacher'; readonly id: string }

/** Routes only administrators may call. */
export const ADMINISTRATORS = ['administrator'] as const
/** Routes teachers may call too (for the sections they teach). */
export const SCHOOL_STAFF = ['administrator', 'teacher'] as const

declare module 'fastify' {
  interface FastifyRequest {
    /** The school API's caller; set by the API's onRequest hook. */
    schoolActor: Actor | undefined
  }
}

/**
 * The school role of a signed-in principal: administrators by their session role; teachers only
 * when the school model agrees (a teacher whose account changed kind loses access at once).
 */
export async function actorOfPrincipal(
  db: Kysely<Database>,
  principal: Principal | undefined,
): Promise<Actor> {
  if (principal === undefined) throw new HttpProblem(401, 'no console session')
  if (principal.roles.includes('administrator')) return { kind: 'administrator', id: principal.id }
  if (principal.roles.includes('teacher')) {
    const user = await findUser(db, principal.id)
    if (user?.kind === 'teacher') return { kind: 'teacher', id: user.id }
  }
  throw new HttpProblem(403, `${principal.id} may not manage school data`)
}

/**
 * Resolves the school role of the caller the API guard let through (session or token). Runs after
 * the guard, in `onRequest`: a teacher account whose kind changed is refused before any input.
 */
export function registerApiAccess(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('schoolActor', undefined)
  app.addHook('onRequest', async (request) => {
    request.schoolActor = await actorOfPrincipal(ctx.db, apiCallerOf(request).principal)
  })
}

export function actor(request: FastifyRequest): Actor {
  if (request.schoolActor === undefined) throw new TypeError('registerApiAccess is not installed')
  return request.schoolActor
}

/**
 * The section, if the actor may see it: administrators see every section, teachers those they
 * are actively enrolled in as teacher or teaching assistant. Others get 404, as for an unknown
 * id, so the API does not reveal which sections exist. `manage` also excludes assistants (403).
 */
export async function sectionFor(
  db: Kysely<Database>,
  who: Actor | FastifyRequest,
  sectionId: string,
  need: 'read' | 'manage',
): Promise<Section> {
  if ('raw' in who) return sectionFor(db, actor(who), sectionId, need)
  const section = await findSection(db, sectionId)
  if (section === undefined) throw new HttpProblem(404, `no section ${sectionId}`)
  if (who.kind === 'administrator') return section
  const enrolment = await findEnrolment(db, sectionId, who.id)
  if (enrolment?.status !== 'active' || enrolment.role === 'student') {
    throw new HttpProblem(404, `${who.id} does not teach ${sectionId}`)
  }
  if (need === 'manage' && enrolment.role !== 'teacher') {
    throw new HttpProblem(403, `${who.id} assists in ${sectionId} but does not teach it`)
  }
  return section
}
