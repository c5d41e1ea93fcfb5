import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { fieldErrorsOf, type FieldErrors, noticeFrom, withNotice } from '../../console/form.js'
import { requireRole } from '../../console/guard.js'
import { AUTHORS, mayUse, TOOL_ADMINISTRATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { authoringOf } from '../tool-content/authoring-routes.js'
import { externalIdText } from '../tool-content/authoring-schema.js'
import { formErrorsOf, gradeForm, textValues } from '../tool-content/console-forms.js'
import { updateCourse } from '../tool-content/course-authoring.js'
import { getCourse, listActivities, listCourses } from '../tool-content/repository.js'
import {
  activeEnrolmentCounts,
  listRegistrations,
  savePublication,
  sqlConsumerKeyStore,
  sqlPublicationStore,
} from '@ltihub/kysely/tool'
import { ltiToolOf } from '../tool-lti/tool.js'
import {
  newPublishValues,
  postedPublishValues,
  PUBLISH_LABELS,
  publicationOf,
  publishFormSchema,
  type PublishValues,
} from './publish-form.js'
import { ACCESS_PATHS } from './paths.js'
import { PUBLICATION_NOTICES, PublicationForm } from './publication-pages.js'
import { publicationRoutes } from './publication-routes.js'
import {
  CourseSettingsPage,
  CoursesPage,
  PATHS,
  type PublishedEntry,
  PublishedPage,
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
      body: (
        <CoursesPage
          courses={await listCourses(ctx.db)}
          counts={counts}
          canAuthor={mayUse(request.principal, AUTHORS)}
        />
      ),
    })
  })

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { externalId: string; gradeActivityId: string; errors: FieldErrors },
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
          canAuthor={mayUse(request.principal, AUTHORS)}
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
      const values = textValues(request.body, ['externalId', 'gradeActivityId'])
      return settingsPage(request, reply, { ...values, errors: formErrorsOf(error) })
    }
  })

  async function formProps(courseId: string, values: PublishValues, errors: FieldErrors) {
    return {
      activities: await listActivities(ctx.db, courseId),
      keys: await keys.list(),
      registrations: await listRegistrations(ctx.db),
      values,
      errors,
    }
  }

  async function publishPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: PublishValues; errors: FieldErrors },
  ) {
    const course = await courseOf(request.params)
    const form = await formProps(
      course.id,
      refused?.values ?? newPublishValues(course.title),
      refused?.errors ?? {},
    )
    return renderConsolePage(ctx, request, reply, {
      title: `Publish ${course.title}`,
      status: refused === undefined ? 200 : 400,
      body: <PublicationForm {...form} action={PATHS.publish(course.id)} submit="Add method" />,
    })
  }

  /** The form's publication, or its refusals by field. */
  async function validPublication(courseId: string, id: string, body: unknown) {
    const parsed = publishFormSchema.safeParse(body ?? {})
    if (!parsed.success) return { errors: fieldErrorsOf(parsed.error, PUBLISH_LABELS) }
    const activities = await listActivities(ctx.db, courseId)
    if (parsed.data.target !== 'course' && !activities.some((a) => a.id === parsed.data.target)) {
      return { errors: { target: 'Tool to publish must be this course or one of its activities.' } }
    }
    return { publication: publicationOf(id, courseId, parsed.data) }
  }

  app.get('/console/tool/courses/:course/publish', admin, async (request, reply) =>
    publishPage(request, reply),
  )

  app.post('/console/tool/courses/:course/publish', admin, async (request, reply) => {
    const course = await courseOf(request.params)
    const id = crypto.randomUUID()
    const result = await validPublication(course.id, id, request.body)
    if (result.publication === undefined) {
      const values = postedPublishValues(request.body)
      return publishPage(request, reply, { values, errors: result.errors })
    }
    await savePublication(ctx.db, result.publication, ctx.clock())
    return reply.redirect(withNotice(ACCESS_PATHS.publication(id), 'created'), 303)
  })

  await publicationRoutes(app, ctx, { formProps, validPublication })

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
      const named = only?.kind === 'lti11' ? only.consumerKey : undefined
      // A key deleted since the publication named it gives no launch information of its own.
      const key = selected ?? allKeys.find((k) => k.key === named)?.key
      const info = await tool.publishing.launchInformation(publication.id, key)
      const xml = await tool.publishing.basicLtiXml(publication.id)
      if (info === undefined || xml === undefined) continue
      entries.push({ publication, info, xml, enrolled: counts.get(publication.id) ?? 0 })
    }
    return renderConsolePage(ctx, request, reply, {
      title: `Published as LTI tools: ${course.title}`,
      body: (
        <PublishedPage
          course={course}
          entries={entries}
          keys={allKeys}
          selectedKey={selected}
          notice={noticeFrom(request.query, PUBLICATION_NOTICES)}
        />
      ),
    })
  })
}
