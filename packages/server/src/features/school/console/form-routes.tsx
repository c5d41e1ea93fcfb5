import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../../console/guard.js'
import { DISTRICT_ADMINISTRATORS, SCHOOL_STAFF } from '../../../console/access.js'
import type { AppContext } from '../../../context.js'
import { HttpProblem } from '../../../http/problems.js'
import { parseRequest } from '../../../http/validate.js'
import { findAssignment } from '../assignments-repository.js'
import { enrolmentStatusSchema, manualGradeBody, sectionRoleSchema } from '../schema.js'
import { updateEnrolment } from '../sections-repository.js'
import { enrolInSection, gradeStudent } from '../service.js'
import { gradeBookPage, sectionOf, sectionPage } from './routes.js'

const id = z.string().min(1).max(64)
const statusParams = z.strictObject({ sectionId: id, userId: id })
const enrolForm = z.object({ userId: id, role: sectionRoleSchema })
const statusForm = z.object({ status: enrolmentStatusSchema })
const gradeForm = z.object({
  studentId: id,
  assignmentId: id,
  value: z.string().trim().min(1).max(32),
  comment: z.string().max(2000).optional(),
})

/** What the console says for a refused form (the problem's detail stays in the log). */
function messageOf(error: unknown): string | undefined {
  if (!(error instanceof HttpProblem)) return undefined
  if (error.status === 409) return 'That is already recorded.'
  if (error.status === 422)
    return 'That does not fit this section: check the person and the kind of grade.'
  return undefined
}

/** The console's forms that change a section: enrolments and grades. */
export async function schoolFormRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }
  const staff = { preHandler: requireRole(...SCHOOL_STAFF) }

  app.post('/console/platform/sections/:sectionId/enrolments', admin, async (request, reply) => {
    const form = parseRequest(enrolForm, request.body, 'body')
    let sectionId: string
    try {
      sectionId = await ctx.db.transaction().execute(async (trx) => {
        const { section } = await sectionOf({ ...ctx, db: trx }, request, 'manage')
        await enrolInSection(trx, section, { ...form, status: 'active' }, ctx.clock())
        return section.id
      })
    } catch (error) {
      const message = messageOf(error)
      if (message === undefined) throw error
      return sectionPage(ctx, request, reply, message)
    }
    return reply.redirect(`/console/platform/sections/${sectionId}`, 303)
  })

  app.post(
    '/console/platform/sections/:sectionId/enrolments/:userId/status',
    admin,
    async (request, reply) => {
      const params = parseRequest(statusParams, request.params, 'params')
      const form = parseRequest(statusForm, request.body, 'body')
      const changed = await updateEnrolment(
        ctx.db,
        params.sectionId,
        params.userId,
        { status: form.status },
        ctx.clock(),
      )
      if (!changed) throw new HttpProblem(404, 'no such enrolment')
      return reply.redirect(`/console/platform/sections/${params.sectionId}`, 303)
    },
  )

  app.post('/console/platform/sections/:sectionId/grades', staff, async (request, reply) => {
    const { section } = await sectionOf(ctx, request, 'manage')
    const form = parseRequest(gradeForm, request.body, 'body')
    const assignment = await findAssignment(ctx.db, form.assignmentId)
    if (assignment?.sectionId !== section.id) throw new HttpProblem(404, 'no such assignment here')
    const points = Number(form.value)
    const grade = manualGradeBody.safeParse(
      assignment.scoring === 'points'
        ? { points: Number.isFinite(points) ? points : form.value, comment: form.comment || null }
        : { mark: form.value, comment: form.comment || null },
    )
    if (!grade.success)
      return gradeBookPage(ctx, request, reply, 'Enter points as a number of 0 or more.')
    try {
      await gradeStudent(ctx.db, assignment, form.studentId, grade.data, ctx.clock())
    } catch (error) {
      const message = messageOf(error)
      if (message === undefined) throw error
      return gradeBookPage(ctx, request, reply, message)
    }
    return reply.redirect(`/console/platform/sections/${section.id}/grades`, 303)
  })
}
