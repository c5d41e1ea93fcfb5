import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.js'
import { HttpProblem } from '../../../http/problems.js'
import { type CopyExtension, copySection } from '../copy.js'
import { findSchool, findUser, schoolIdsOf } from '../repository.js'
import { enrolInSection } from '../service.js'
import {
  courseQuery,
  courseView,
  copySectionBody,
  copyView,
  enrolmentChangesBody,
  enrolmentParams,
  enrolmentView,
  listOf,
  newCourseBody,
  newEnrolmentBody,
  newSectionBody,
  sectionParams,
  sectionQuery,
  sectionView,
} from '../schema.js'
import {
  createCourse,
  createSection,
  findCourse,
  findEnrolment,
  listCourses,
  listSectionEnrolments,
  listSections,
  removeEnrolment,
  updateEnrolment,
} from '../sections-repository.js'
import { ADMINISTRATORS, actor, SCHOOL_STAFF, sectionFor } from './access.js'
import { route } from '../../../api/contract.js'

function checkTermWindow(window: {
  startsAt?: number | null | undefined
  endsAt?: number | null | undefined
}): void {
  const { startsAt, endsAt } = window
  if (startsAt != null && endsAt != null && endsAt <= startsAt) {
    throw new HttpProblem(422, 'a term ends after it starts')
  }
}

/** Courses, sections (with copy) and enrolments. */
export async function sectionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  copyExtensions: readonly CopyExtension[],
): Promise<void> {
  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/courses',
      summary: 'The courses',
      allow: SCHOOL_STAFF,
      query: courseQuery,
      response: listOf(courseView),
      status: 200,
    },
    async ({ request, query }) => {
      const who = actor(request)
      const mine =
        who.kind === 'administrator'
          ? undefined
          : ((await schoolIdsOf(ctx.db, [who.id])).get(who.id) ?? [])
      const schools = query.schoolId === undefined ? mine : [query.schoolId]
      const courses = await listCourses(ctx.db, schools)
      return { items: courses.filter((c) => mine === undefined || mine.includes(c.schoolId)) }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/courses',
      summary: 'Add a course to a school',
      allow: ADMINISTRATORS,
      body: newCourseBody,
      response: courseView,
      status: 201,
    },
    async ({ body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        if ((await findSchool(trx, body.schoolId)) === undefined) {
          throw new HttpProblem(422, 'unknown school')
        }
        const course = await createCourse(trx, body, ctx.clock())
        if (course === undefined) throw new HttpProblem(409, 'course code taken in this school')
        return course
      })
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/sections',
      summary: "Sections (a teacher's own for a teacher)",
      allow: SCHOOL_STAFF,
      query: sectionQuery,
      response: listOf(sectionView),
      status: 200,
    },
    async ({ request, query }) => {
      const who = actor(request)
      const filter = {
        ...(query.courseId === undefined ? {} : { courseId: query.courseId }),
        ...(who.kind === 'administrator' ? {} : { userId: who.id }),
      }
      const sections = await listSections(ctx.db, filter)
      if (who.kind === 'administrator') return { items: sections }
      // A teacher lists the sections they actively teach or assist in, nothing else.
      const visible = []
      for (const section of sections) {
        const enrolment = await findEnrolment(ctx.db, section.id, who.id)
        if (enrolment?.status === 'active' && enrolment.role !== 'student') visible.push(section)
      }
      return { items: visible }
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/sections/:sectionId',
      summary: 'One section',
      allow: SCHOOL_STAFF,
      params: sectionParams,
      response: sectionView,
      status: 200,
    },
    async ({ request, params }) => sectionFor(ctx.db, request, params.sectionId, 'read'),
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/sections',
      summary: 'Add a section to a course',
      allow: ADMINISTRATORS,
      body: newSectionBody,
      response: sectionView,
      status: 201,
    },
    async ({ body }) => {
      checkTermWindow(body)
      return ctx.db.transaction().execute(async (trx) => {
        if ((await findCourse(trx, body.courseId)) === undefined) {
          throw new HttpProblem(422, 'unknown course')
        }
        const section = await createSection(trx, body, ctx.clock())
        if (section === undefined) throw new HttpProblem(409, 'label taken in this course and term')
        return section
      })
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/sections/:sectionId/copy',
      summary: 'Copy a section with its assignments (and tool links) into a new one',
      allow: ADMINISTRATORS,
      params: sectionParams,
      body: copySectionBody,
      response: copyView,
      status: 201,
    },
    async ({ params, body }) => {
      checkTermWindow(body)
      const outcome = await copySection(ctx.db, params.sectionId, body, ctx.clock(), copyExtensions)
      if (outcome.kind === 'not-found') throw new HttpProblem(404, `no section ${params.sectionId}`)
      if (outcome.kind === 'duplicate') throw new HttpProblem(409, 'label taken in that term')
      return {
        section: outcome.copy.section,
        assignmentIds: Object.fromEntries(outcome.copy.assignmentIds),
      }
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/sections/:sectionId/enrolments',
      summary: "A section's enrolments",
      allow: SCHOOL_STAFF,
      params: sectionParams,
      response: listOf(enrolmentView),
      status: 200,
    },
    async ({ request, params }) => {
      await sectionFor(ctx.db, request, params.sectionId, 'read')
      return { items: await listSectionEnrolments(ctx.db, params.sectionId) }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/sections/:sectionId/enrolments',
      summary: 'Enrol a person in a section',
      allow: ADMINISTRATORS,
      params: sectionParams,
      body: newEnrolmentBody,
      response: enrolmentView,
      status: 201,
    },
    async ({ request, params, body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const section = await sectionFor(trx, request, params.sectionId, 'manage')
        return enrolInSection(trx, section, body, ctx.clock())
      })
    },
  )

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/platform/sections/:sectionId/enrolments/:userId',
      summary: 'Change an enrolment (role, status)',
      allow: ADMINISTRATORS,
      params: enrolmentParams,
      body: enrolmentChangesBody,
      response: enrolmentView,
      status: 200,
    },
    async ({ params, body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const current = await findEnrolment(trx, params.sectionId, params.userId)
        if (current === undefined) throw new HttpProblem(404, 'no such enrolment')
        const user = await findUser(trx, params.userId)
        const role = body.role ?? current.role
        if ((role === 'student') !== (user?.kind === 'student')) {
          throw new HttpProblem(422, `a ${user?.kind ?? 'user'} cannot be enrolled as ${role}`)
        }
        await updateEnrolment(trx, params.sectionId, params.userId, body, ctx.clock())
        return { ...current, role, status: body.status ?? current.status }
      })
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/platform/sections/:sectionId/enrolments/:userId',
      summary: 'Remove an enrolment',
      allow: ADMINISTRATORS,
      params: enrolmentParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      if (!(await removeEnrolment(ctx.db, params.sectionId, params.userId))) {
        throw new HttpProblem(404, 'no such enrolment')
      }
    },
  )
}
