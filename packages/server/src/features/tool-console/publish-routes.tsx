import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import {
  getCourse,
  listActivities,
  listCourses,
  updateCourseSettings,
} from '../tool-content/repository.js'
import { activeEnrolmentCounts } from '../tool-lti/enrolments.js'
import { savePublication, sqlPublicationStore } from '../tool-lti/publications.js'
import { listRegistrations, sqlConsumerKeyStore } from '../tool-lti/registrations.js'
import { ltiToolOf } from '../tool-lti/tool.js'
import { publicationOf, publishFormSchema } from './publish-form.js'
import {
  CourseSettingsPage,
  CoursesPage,
  PATHS,
  type PublishedEntry,
  PublishedPage,
  PublishPage,
} from './publish-pages.js'

const courseParams = z.object({ course: z.string().min(1).max(200) })
const courseSettingsBody = z.object({
  externalId: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w.-]*$/, { error: 'letters, digits, dot, dash and underscore only' }),
  gradeActivityId: z.string().max(200),
})

/** Courses, course settings, "Publish as LTI tool" and "Published as LTI tools". */
export async function publishRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole('administrator') }
  const tool = ltiToolOf(ctx)
  const publications = sqlPublicationStore(ctx.db)
  const keys = sqlConsumerKeyStore(ctx.db, ctx)

  async function courseOf(params: unknown) {
    const { course: id } = parseRequest(courseParams, params, 'params')
    const course = await getCourse(ctx.db, id)
    if (course === undefined) throw new HttpProblem(404, 'no such course')
    return course
  }

  app.get(PATHS.courses, admin, async (request, reply) => {
    const counts = new Map<string, number>()
    for (const publication of await publications.list()) {
      counts.set(publication.courseId, (counts.get(publication.courseId) ?? 0) + 1)
    }
    return renderConsolePage(ctx, request, reply, {
      title: 'Courses',
      body: <CoursesPage courses={await listCourses(ctx.db)} counts={counts} />,
    })
  })

  app.get('/console/tool/courses/:course', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    const saved = (request.query as Record<string, unknown> | undefined)?.['saved'] !== undefined
    return renderConsolePage(ctx, request, reply, {
      title: course.title,
      body: (
        <CourseSettingsPage
          course={course}
          activities={await listActivities(ctx.db, course.id)}
          saved={saved}
        />
      ),
    })
  })

  app.post('/console/tool/courses/:course', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    const body = parseRequest(courseSettingsBody, request.body, 'body')
    const activities = await listActivities(ctx.db, course.id)
    if (body.gradeActivityId !== '' && !activities.some((a) => a.id === body.gradeActivityId)) {
      throw new HttpProblem(400, 'the grade activity is not part of this course')
    }
    const clash =
      body.externalId === ''
        ? undefined
        : await ctx.db
            .selectFrom('tool_courses')
            .select('id')
            .where('external_id', '=', body.externalId)
            .where('id', '<>', course.id)
            .executeTakeFirst()
    if (clash !== undefined) throw new HttpProblem(409, 'another course has this external ID')
    await updateCourseSettings(ctx.db, course.id, {
      externalId: body.externalId === '' ? null : body.externalId,
      gradeActivityId: body.gradeActivityId === '' ? null : body.gradeActivityId,
    })
    return reply.redirect(`${PATHS.course(course.id)}?saved=1`, 303)
  })

  const publishPage = async (courseId: string, errors: readonly string[]) => {
    const course = await getCourse(ctx.db, courseId)
    if (course === undefined) throw new HttpProblem(404, 'no such course')
    return (
      <PublishPage
        course={course}
        activities={await listActivities(ctx.db, course.id)}
        keys={await keys.list()}
        registrations={await listRegistrations(ctx.db)}
        errors={errors}
      />
    )
  }

  app.get('/console/tool/courses/:course/publish', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    return renderConsolePage(ctx, request, reply, {
      title: `Publish ${course.title}`,
      body: await publishPage(course.id, []),
    })
  })

  app.post('/console/tool/courses/:course/publish', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    const parsed = publishFormSchema.safeParse(request.body)
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      return renderConsolePage(ctx, request, reply, {
        title: `Publish ${course.title}`,
        status: 400,
        body: await publishPage(course.id, errors),
      })
    }
    const activities = await listActivities(ctx.db, course.id)
    if (parsed.data.target !== 'course' && !activities.some((a) => a.id === parsed.data.target)) {
      throw new HttpProblem(400, 'the activity is not part of this course')
    }
    await savePublication(
      ctx.db,
      publicationOf(crypto.randomUUID(), course.id, parsed.data),
      ctx.clock(),
    )
    return reply.redirect(PATHS.published(course.id), 303)
  })

  app.get('/console/tool/courses/:course/published', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    const query = parseRequest(
      z.object({ key: z.string().max(200).optional() }),
      request.query,
      'query',
    )
    const allKeys = await keys.list()
    const selected = allKeys.find((k) => k.key === query.key)?.key
    const counts = await activeEnrolmentCounts(ctx.db)
    const entries: PublishedEntry[] = []
    for (const publication of await publications.listForCourse(course.id)) {
      const only = publication.consumers?.find((c) => c.kind === 'lti11')
      const key = selected ?? (only?.kind === 'lti11' ? only.consumerKey : undefined)
      const info = await tool.publishing.launchInformation(publication.id, key)
      const xml = await tool.publishing.basicLtiXml(publication.id)
      if (info === undefined || xml === undefined) continue
      entries.push({ publication, info, xml, enrolled: counts.get(publication.id) ?? 0 })
    }
    return renderConsolePage(ctx, request, reply, {
      title: `Published as LTI tools: ${course.title}`,
      body: (
        <PublishedPage course={course} entries={entries} keys={allKeys} selectedKey={selected} />
      ),
    })
  })
}
