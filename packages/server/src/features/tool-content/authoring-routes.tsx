/**
 * Console routes of course authoring (Tool → Course authoring): the course list, a new course,
 * a course's page with its details and grade activity, and deleting a course. Forms post and
 * redirect; a refused form is shown again with its errors (400).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole } from '../../console/guard.js'
import { AUTHORS, mayUse, TOOL_ADMINISTRATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { parseRequest } from '../../http/validate.js'
import type { Authoring } from './authoring.js'
import { courseSummaries, questionCounts, requireCourse } from './authoring-data.js'
import {
  ConfirmDeletePage,
  CourseListPage,
  CoursePage,
  type CoursePageProps,
  type CourseValues,
  courseValuesOf,
  NewCoursePage,
} from './authoring-pages.js'
import { courseParams } from './authoring-schema.js'
import { courseForm, formErrorsOf, gradeForm, noticeOf, textValues } from './console-forms.js'
import {
  courseDeletionBlocker,
  createCourseRecord,
  deleteCourse,
  publicationCount,
  updateCourse,
} from './course-authoring.js'
import type { FieldErrors } from '../../console/form.js'
import { AUTHORING } from './paths.js'
import { listActivities } from './repository.js'

/** Who may author content: the tool's administrators and its authors (never learners). */
export const AUTHOR_ROLES = AUTHORS

export function authoringOf(ctx: AppContext): Authoring {
  return { db: ctx.db, dialect: ctx.config.database.dialect, clock: ctx.clock }
}

const COURSE_FIELDS = ['title', 'externalId', 'description'] as const

/** The course page, with a form's refused values and errors when there are some. */
export async function renderCoursePage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  courseId: string,
  refused?: { values?: CourseValues; errors: FieldErrors; of: CoursePageProps['errorsOf'] },
) {
  const course = await requireCourse(ctx.db, courseId)
  return renderConsolePage(ctx, request, reply, {
    title: course.title,
    status: refused === undefined ? 200 : 400,
    body: (
      <CoursePage
        course={course}
        activities={await listActivities(ctx.db, course.id)}
        questionCounts={await questionCounts(ctx.db, course.id)}
        publications={await publicationCount(ctx.db, course.id)}
        canPublish={mayUse(request.principal, TOOL_ADMINISTRATORS)}
        notice={refused === undefined ? noticeOf(request.query) : undefined}
        values={refused?.values ?? courseValuesOf(course)}
        errors={refused?.errors ?? {}}
        {...(refused === undefined ? {} : { errorsOf: refused.of })}
      />
    ),
  })
}

export async function courseAuthoringRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const authors = { preHandler: requireRole(...AUTHOR_ROLES) }
  const authoring = authoringOf(ctx)
  const courseIdOf = (request: FastifyRequest) =>
    parseRequest(courseParams, request.params, 'params').course

  app.get(AUTHORING.courses, authors, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Course authoring',
      body: (
        <CourseListPage courses={await courseSummaries(ctx.db)} notice={noticeOf(request.query)} />
      ),
    }),
  )

  app.get(AUTHORING.newCourse, authors, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'New course',
      body: <NewCoursePage values={{ title: '', externalId: '', description: '' }} errors={{}} />,
    }),
  )

  app.post(AUTHORING.newCourse, authors, async (request, reply) => {
    try {
      const input = parseRequest(courseForm, request.body, 'body')
      const course = await createCourseRecord(authoring, input)
      return await reply.redirect(`${AUTHORING.course(course.id)}?saved=created`, 303)
    } catch (error) {
      return renderConsolePage(ctx, request, reply, {
        title: 'New course',
        status: 400,
        body: (
          <NewCoursePage
            values={textValues(request.body, COURSE_FIELDS)}
            errors={formErrorsOf(error)}
          />
        ),
      })
    }
  })

  app.get('/console/tool/authoring/:course', authors, async (request, reply) =>
    renderCoursePage(ctx, request, reply, courseIdOf(request)),
  )

  app.post('/console/tool/authoring/:course', authors, async (request, reply) => {
    const courseId = courseIdOf(request)
    try {
      await updateCourse(authoring, courseId, parseRequest(courseForm, request.body, 'body'))
      return await reply.redirect(`${AUTHORING.course(courseId)}?saved=details`, 303)
    } catch (error) {
      return renderCoursePage(ctx, request, reply, courseId, {
        values: textValues(request.body, COURSE_FIELDS),
        errors: formErrorsOf(error),
        of: 'details',
      })
    }
  })

  app.post('/console/tool/authoring/:course/grade', authors, async (request, reply) => {
    const courseId = courseIdOf(request)
    try {
      const { gradeActivityId } = parseRequest(gradeForm, request.body, 'body')
      await updateCourse(authoring, courseId, { gradeActivityId })
      return await reply.redirect(`${AUTHORING.course(courseId)}?saved=grade`, 303)
    } catch (error) {
      return renderCoursePage(ctx, request, reply, courseId, {
        errors: formErrorsOf(error),
        of: 'grade',
      })
    }
  })

  async function renderDeletePage(
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    refusal: { blocker: string | undefined; status: number },
  ) {
    const course = await requireCourse(ctx.db, courseId)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete ${course.title}`,
      status: refusal.status,
      body: (
        <ConfirmDeletePage
          title={`Delete ${course.title}?`}
          consequences="Its content pages, quizzes and every learner's progress go with it. This cannot be undone."
          blocker={refusal.blocker}
          action={AUTHORING.deleteCourse(course.id)}
          back={AUTHORING.course(course.id)}
        />
      ),
    })
  }

  app.get('/console/tool/authoring/:course/delete', authors, async (request, reply) => {
    const courseId = courseIdOf(request)
    const blocker = await courseDeletionBlocker(ctx.db, courseId)
    return renderDeletePage(request, reply, courseId, { blocker, status: 200 })
  })

  app.post('/console/tool/authoring/:course/delete', authors, async (request, reply) => {
    const courseId = courseIdOf(request)
    try {
      await deleteCourse(authoring, courseId)
    } catch (error) {
      const blocker = Object.values(formErrorsOf(error)).join(' ')
      return renderDeletePage(request, reply, courseId, { blocker, status: 400 })
    }
    return reply.redirect(`${AUTHORING.courses}?saved=deleted`, 303)
  })
}
