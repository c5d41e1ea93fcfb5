import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../../console/guard.js'
import { DISTRICT_ADMINISTRATORS, SCHOOL_STAFF } from '../../../console/access.js'
import type { AppContext } from '../../../context.js'
import { HttpProblem } from '../../../http/problems.js'
import { type FieldErrors, fieldErrorsOf, postedValues } from '../../../console/form.js'
import { findAssignment } from '../assignments-repository.js'
import { enrolmentStatusSchema, manualGradeBody, sectionRoleSchema } from '../schema.js'
import { updateEnrolment } from '../sections-repository.js'
import { enrolInSection, gradeStudent } from '../service.js'
import { ENROL_LABELS, type RefusedForm } from './admin-pages.js'
import { gradeBookPage, sectionOf, sectionPage } from './routes.js'
import { GRADE_LABELS } from './teacher-pages.js'

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

/** A refused form with the values as posted, for the page to show again. */
function refusedForm(body: unknown, names: readonly string[], errors: FieldErrors): RefusedForm {
  return { errors, values: postedValues(body, names) }
}

/** The console's forms that change a section: enrolments and grades. */
export async function schoolFormRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }
  const staff = { preHandler: requireRole(...SCHOOL_STAFF) }

  app.post('/console/platform/sections/:sectionId/enrolments', admin, async (request, reply) => {
    const names = Object.keys(ENROL_LABELS)
    const parsed = enrolForm.safeParse(request.body ?? {})
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error, ENROL_LABELS)
      return sectionPage(ctx, request, reply, { refused: refusedForm(request.body, names, errors) })
    }
    const form = parsed.data
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
      const refused = refusedForm(request.body, names, { '': message })
      return sectionPage(ctx, request, reply, { refused })
    }
    return reply.redirect(`/console/platform/sections/${sectionId}`, 303)
  })

  app.post(
    '/console/platform/sections/:sectionId/enrolments/:userId/status',
    admin,
    async (request, reply) => {
      const params = statusParams.safeParse(request.params)
      if (!params.success) throw new HttpProblem(404, 'no such enrolment')
      const form = statusForm.safeParse(request.body ?? {})
      if (!form.success) {
        const statusError = 'Choose Activate or Deactivate: the status was not one of those.'
        return sectionPage(ctx, request, reply, { statusError })
      }
      const changed = await updateEnrolment(
        ctx.db,
        params.data.sectionId,
        params.data.userId,
        { status: form.data.status },
        ctx.clock(),
      )
      if (!changed) throw new HttpProblem(404, 'no such enrolment')
      return reply.redirect(`/console/platform/sections/${params.data.sectionId}`, 303)
    },
  )

  app.post('/console/platform/sections/:sectionId/grades', staff, async (request, reply) => {
    const { section } = await sectionOf(ctx, request, 'manage')
    const names = Object.keys(GRADE_LABELS)
    const refuse = (errors: FieldErrors) =>
      gradeBookPage(ctx, request, reply, refusedForm(request.body, names, errors))
    const parsed = gradeForm.safeParse(request.body ?? {})
    if (!parsed.success) return refuse(fieldErrorsOf(parsed.error, GRADE_LABELS))
    const form = parsed.data
    const assignment = await findAssignment(ctx.db, form.assignmentId)
    if (assignment?.sectionId !== section.id) throw new HttpProblem(404, 'no such assignment here')
    const points = Number(form.value)
    const grade = manualGradeBody.safeParse(
      assignment.scoring === 'points'
        ? { points: Number.isFinite(points) ? points : form.value, comment: form.comment || null }
        : { mark: form.value, comment: form.comment || null },
    )
    if (!grade.success) {
      const what = assignment.scoring === 'points' ? 'a number of 0 or more' : 'a mark on its scale'
      return refuse({ value: `${GRADE_LABELS.value} must be ${what}.` })
    }
    try {
      await gradeStudent(ctx.db, assignment, form.studentId, grade.data, ctx.clock())
    } catch (error) {
      const message = messageOf(error)
      if (message === undefined) throw error
      return refuse({ '': message })
    }
    return reply.redirect(`/console/platform/sections/${section.id}/grades`, 303)
  })
}
