import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../console/guard.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { authoringOf } from '../tool-content/authoring-routes.js'
import { externalIdText } from '../tool-content/authoring-schema.js'
import { formErrorsOf, gradeForm, textValues } from '../tool-content/console-forms.js'
import { updateCourse } from '../tool-content/course-authoring.js'
import { getCourse, listActivities, listCourses } from '../tool-content/repository.js'
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
/** The settings form: the same fields, and through `updateCourse` the same rules, as authoring. */
const courseSettingsBody = gradeForm.extend({ externalId: externalIdText })

/** Courses, course settings, "Publish as LTI tool" and "Published as LTI tools". */
export async function publishRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const tool = ltiToolOf(ctx)
  const publications = sqlPublicationStore(ctx.db)
  const keys = sqlConsumerKeyStore(ctx.db, ctx)
  const authoring = authoringOf(ctx)

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

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { externalId: string; errors: Readonly<Record<string, string>> },
  ) {
    const course = await courseOf(request.params)
    const saved = (request.query as Record<string, unknown> | undefined)?.['saved'] !== undefined
    return renderConsolePage(ctx, request, reply, {
      title: course.title,
      status: refused === undefined ? 200 : 400,
      body: (
        <CourseSettingsPage
          course={course}
          activities={await listActivities(ctx.db, course.id)}
          saved={saved && refused === undefined}
          refused={refused}
        />
      ),
    })
  }

  app.get('/console/tool/courses/:course', admin, async (request, reply) =>
    settingsPage(request, reply),
  )

  // Saved as course authoring saves: in one transaction holding the course's lock, a quiz as the
  // grade activity, an external ID no other course has.
  app.post('/console/tool/courses/:course', admin, async (request, reply) => {
    const { course: courseId } = parseRequest(courseParams, request.params, 'params')
    try {
      const change = parseRequest(courseSettingsBody, request.body, 'body')
      await updateCourse(authoring, courseId, change)
      return await reply.redirect(`${PATHS.course(courseId)}?saved=1`, 303)
    } catch (error) {
      const { externalId } = textValues(request.body, ['externalId'])
      return settingsPage(request, reply, { externalId, errors: formErrorsOf(error) })
    }
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
