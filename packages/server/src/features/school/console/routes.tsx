import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { fieldErrorsOf, noticeFrom, withNotice } from '../../../console/form.js'
import { requireRole } from '../../../console/guard.js'
import { DISTRICT_ADMINISTRATORS, SCHOOL_STAFF } from '../../../console/access.js'
import { renderConsolePage } from '../../../console/render.js'
import type { AppContext } from '../../../context.js'
import { HttpProblem } from '../../../http/problems.js'
import { parseRequest } from '../../../http/validate.js'
import { actorOfPrincipal, sectionFor } from '../api/access.js'
import { createAssignment, listAssignments, listGradeEntries } from '../assignments-repository.js'
import type { User } from '../model.js'
import {
  findUser,
  listSchools,
  listUsers,
  schoolIdsOf,
  studentIdsOf,
  updateSchool,
  updateUser,
} from '../repository.js'
import { newAssignmentBody } from '../schema.js'
import {
  findEnrolment,
  listCourses,
  listSectionEnrolments,
  listSections,
} from '../sections-repository.js'
import {
  CoursesPage,
  PeoplePage,
  type RefusedForm,
  SchoolsPage,
  SectionPage,
} from './admin-pages.js'
import { AssignmentsPage, GradeBookPage } from './teacher-pages.js'

const idParams = z.strictObject({ id: z.string().min(1).max(64) })
// Not strict: the enrolment status route's refusal page reads its section from longer params.
const sectionParams = z.object({ sectionId: z.string().min(1).max(64) })
const flagBody = (name: string) => z.object({ [name]: z.enum(['0', '1']) })

const assignmentForm = z.object({
  title: z.string(),
  scoring: z.string(),
  pointsPossible: z.string().optional(),
  summary: z.string().optional(),
})

/** The words of the assignment form's labels, for its messages. */
const ASSIGNMENT_LABELS = {
  title: 'Title',
  scoring: 'Scoring',
  pointsPossible: 'Points possible',
  summary: 'Summary',
} as const

/** The notices a redirect may ask for (`?done=<code>`). */
const SCHOOL_NOTICES = {
  'licence-on': 'The school may now launch LTI tools.',
  'licence-off': 'The school may no longer launch LTI tools.',
  'right-on': 'The person may now use external learning tools.',
  'right-off': 'The person may no longer use external learning tools.',
} as const

/** The form's strings as the API's typed body: one validation for both entry points. */
function assignmentFromForm(form: z.output<typeof assignmentForm>) {
  const summary = form.summary?.trim() ? form.summary : null
  const points = form.pointsPossible?.trim() ? Number(form.pointsPossible) : undefined
  return newAssignmentBody.safeParse({
    title: form.title,
    summary,
    scoring: form.scoring,
    ...(form.scoring === 'points' ? { pointsPossible: points } : {}),
  })
}

const nameOf = (user: User) => `${user.givenName} ${user.familyName}`

async function peopleRows(ctx: AppContext) {
  const users = await listUsers(ctx.db)
  const ids = users.map((user) => user.id)
  const memberships = await schoolIdsOf(ctx.db, ids)
  const links = await studentIdsOf(ctx.db, ids)
  const schoolName = new Map((await listSchools(ctx.db)).map((s) => [s.id, s.name]))
  const userName = new Map(users.map((user) => [user.id, nameOf(user)]))
  return users.map((user) => ({
    user,
    schools: (memberships.get(user.id) ?? []).map((id) => schoolName.get(id) ?? id),
    students: (links.get(user.id) ?? []).map((id) => userName.get(id) ?? id),
  }))
}

/** The sections a principal sees: all for administrators, those they actively teach otherwise. */
async function visibleSections(ctx: AppContext, request: FastifyRequest) {
  const who = await actorOfPrincipal(ctx.db, request.principal)
  if (who.kind === 'administrator') return listSections(ctx.db)
  const visible = []
  for (const section of await listSections(ctx.db, { userId: who.id })) {
    const enrolment = await findEnrolment(ctx.db, section.id, who.id)
    if (enrolment?.status === 'active' && enrolment.role !== 'student') visible.push(section)
  }
  return visible
}

async function courseGroups(ctx: AppContext, request: FastifyRequest) {
  const sections = await visibleSections(ctx, request)
  const schoolName = new Map((await listSchools(ctx.db)).map((s) => [s.id, s.name]))
  const courses = await listCourses(ctx.db, [...new Set(sections.map((s) => s.schoolId))])
  return courses
    .map((course) => ({
      course,
      school: schoolName.get(course.schoolId) ?? '',
      sections: sections.filter((s) => s.courseId === course.id),
    }))
    .filter((group) => group.sections.length > 0)
}

export async function sectionOf(ctx: AppContext, request: FastifyRequest, need: 'read' | 'manage') {
  const { sectionId } = parseRequest(sectionParams, request.params, 'params')
  const who = await actorOfPrincipal(ctx.db, request.principal)
  return { who, section: await sectionFor(ctx.db, who, sectionId, need) }
}

/** The section page: its roster, and for administrators the enrol form. */
export async function sectionPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  refusal?: { readonly refused?: RefusedForm; readonly statusError?: string },
) {
  const { who, section } = await sectionOf(ctx, request, 'read')
  const enrolments = await listSectionEnrolments(ctx.db, section.id)
  const roster = await Promise.all(
    enrolments.map(async (enrolment) => ({
      enrolment,
      user: await findUser(ctx.db, enrolment.userId),
    })),
  )
  const enrolled = new Set(enrolments.map((e) => e.userId))
  const candidates =
    who.kind === 'administrator'
      ? (await listUsers(ctx.db, { schoolId: section.schoolId })).filter(
          (user) => !enrolled.has(user.id) && (user.kind === 'student' || user.kind === 'teacher'),
        )
      : undefined
  return renderConsolePage(ctx, request, reply, {
    title: section.courseTitle,
    status: refusal === undefined ? 200 : 400,
    body: (
      <SectionPage
        section={section}
        roster={roster}
        candidates={candidates}
        refused={refusal?.refused}
        statusError={refusal?.statusError}
      />
    ),
  })
}

/** The grade book of a section, with the grade form for those who manage it. */
export async function gradeBookPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  refused?: RefusedForm,
) {
  const { who, section } = await sectionOf(ctx, request, 'read')
  const enrolments = await listSectionEnrolments(ctx.db, section.id)
  const students: User[] = []
  for (const enrolment of enrolments.filter((e) => e.role === 'student')) {
    const user = await findUser(ctx.db, enrolment.userId)
    if (user !== undefined) students.push(user)
  }
  students.sort((a, b) => a.familyName.localeCompare(b.familyName))
  const own = await findEnrolment(ctx.db, section.id, who.id)
  return renderConsolePage(ctx, request, reply, {
    title: 'Grade book',
    status: refused === undefined ? 200 : 400,
    body: (
      <GradeBookPage
        section={section}
        assignments={await listAssignments(ctx.db, section.id)}
        students={students}
        entries={await listGradeEntries(ctx.db, { sectionId: section.id })}
        canGrade={who.kind === 'administrator' || own?.role === 'teacher'}
        refused={refused}
      />
    ),
  })
}

export async function assignmentsPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error?: string,
) {
  const { who, section } = await sectionOf(ctx, request, 'read')
  const enrolment = await findEnrolment(ctx.db, section.id, who.id)
  const canManage = who.kind === 'administrator' || enrolment?.role === 'teacher'
  const assignments = await listAssignments(ctx.db, section.id)
  return renderConsolePage(ctx, request, reply, {
    title: 'Assignments',
    status: error === undefined ? 200 : 400,
    body: (
      <AssignmentsPage
        section={section}
        assignments={assignments}
        canManage={canManage}
        error={error}
      />
    ),
  })
}

/** The school model's console pages under `/console/platform/…`. */
export async function schoolConsoleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...DISTRICT_ADMINISTRATORS) }
  const staff = { preHandler: requireRole(...SCHOOL_STAFF) }

  app.get('/console/platform/schools', admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Schools',
      body: (
        <SchoolsPage
          schools={await listSchools(ctx.db)}
          notice={noticeFrom(request.query, SCHOOL_NOTICES)}
        />
      ),
    }),
  )

  app.post('/console/platform/schools/:id/licence', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const body = parseRequest(flagBody('ltiLicensed'), request.body, 'body')
    const licensed = body['ltiLicensed'] === '1'
    if (!(await updateSchool(ctx.db, id, { ltiLicensed: licensed }))) {
      throw new HttpProblem(404, `no school ${id}`)
    }
    return reply.redirect(
      withNotice('/console/platform/schools', licensed ? 'licence-on' : 'licence-off'),
      303,
    )
  })

  app.get('/console/platform/people', admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'People',
      body: (
        <PeoplePage
          people={await peopleRows(ctx)}
          notice={noticeFrom(request.query, SCHOOL_NOTICES)}
        />
      ),
    }),
  )

  app.post('/console/platform/people/:id/tool-right', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const body = parseRequest(flagBody('externalLearningTools'), request.body, 'body')
    const granted = body['externalLearningTools'] === '1'
    if (!(await updateUser(ctx.db, id, { externalLearningTools: granted }, ctx.clock()))) {
      throw new HttpProblem(404, `no user ${id}`)
    }
    return reply.redirect(
      withNotice('/console/platform/people', granted ? 'right-on' : 'right-off'),
      303,
    )
  })

  app.get('/console/platform/courses', staff, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Courses',
      body: <CoursesPage groups={await courseGroups(ctx, request)} />,
    }),
  )

  app.get('/console/platform/sections/:sectionId', staff, (request, reply) =>
    sectionPage(ctx, request, reply),
  )

  app.get('/console/platform/sections/:sectionId/assignments', staff, (request, reply) =>
    assignmentsPage(ctx, request, reply),
  )

  app.post('/console/platform/sections/:sectionId/assignments', staff, async (request, reply) => {
    const { section } = await sectionOf(ctx, request, 'manage')
    const parsed = assignmentFromForm(parseRequest(assignmentForm, request.body, 'body'))
    if (!parsed.success) {
      const [message] = Object.values(fieldErrorsOf(parsed.error, ASSIGNMENT_LABELS))
      return assignmentsPage(ctx, request, reply, message ?? 'The assignment is not valid.')
    }
    await createAssignment(ctx.db, { ...parsed.data, sectionId: section.id }, ctx.clock())
    return reply.redirect(`/console/platform/sections/${section.id}/assignments`, 303)
  })

  app.get('/console/platform/sections/:sectionId/grades', staff, (request, reply) =>
    gradeBookPage(ctx, request, reply),
  )
}
