/**
 * Console routes of activity authoring: add a content page or a quiz, edit it, set its
 * conditions, move it, delete it; a quiz's questions. Every route checks that the activity (and
 * the question) belongs to the course of the URL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { parseRequest } from '../../http/validate.js'
import {
  activityDeletionBlocker,
  addActivity,
  deleteActivity,
  moveActivity,
  updateActivity,
} from './activity-authoring.js'
import {
  ActivityPage,
  type ActivityPageProps,
  type ActivityValues,
  NewActivityPage,
} from './activity-pages.js'
import { requireActivity, requireCourse } from './authoring-data.js'
import { ConfirmDeletePage } from './authoring-pages.js'
import { AUTHOR_ROLES, authoringOf, renderCoursePage } from './authoring-routes.js'
import { activityParams, courseParams } from './authoring-schema.js'
import {
  activityForm,
  asProblem,
  conditionsForm,
  emptyQuestion,
  formErrorsOf,
  moveForm,
  newActivityForm,
  noticeOf,
  type QuestionValues,
  textValues,
} from './console-forms.js'
import type { FieldErrors } from '../../console/form.js'
import { AUTHORING } from './paths.js'
import { questionRoutes } from './question-routes.js'
import { listActivities, listQuestions } from './repository.js'

const ACTIVITY_FIELDS = ['title', 'body'] as const
const kindQuery = z.object({ kind: z.enum(['page', 'quiz']).default('page') })

export interface ActivityRefusal {
  readonly errors: FieldErrors
  readonly of: ActivityPageProps['errorsOf']
  readonly values?: ActivityValues
  readonly questionValues?: QuestionValues
}

/** The activity page, with one form's refused values and errors when there are some. */
export async function renderActivityPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  ids: { readonly course: string; readonly activity: string },
  refused?: ActivityRefusal,
) {
  const course = await requireCourse(ctx.db, ids.course)
  const activity = await requireActivity(ctx.db, course.id, ids.activity)
  return renderConsolePage(ctx, request, reply, {
    title: activity.title,
    status: refused === undefined ? 200 : 400,
    body: (
      <ActivityPage
        course={course}
        activity={activity}
        activities={await listActivities(ctx.db, course.id)}
        questions={await listQuestions(ctx.db, activity.id)}
        notice={refused === undefined ? noticeOf(request.query) : undefined}
        values={refused?.values ?? { title: activity.title, body: activity.body }}
        errors={refused?.errors ?? {}}
        questionValues={refused?.questionValues ?? emptyQuestion}
        {...(refused === undefined ? {} : { errorsOf: refused.of })}
      />
    ),
  })
}

export async function activityAuthoringRoutes(
  app: FastifyInstance,
  ctx: AppContext,
): Promise<void> {
  const authors = { preHandler: requireRole(...AUTHOR_ROLES) }
  const authoring = authoringOf(ctx)
  const BASE = '/console/tool/authoring/:course/activities'
  const idsOf = (request: FastifyRequest) => parseRequest(activityParams, request.params, 'params')
  const pathOf = (ids: { course: string; activity: string }) =>
    AUTHORING.activity(ids.course, ids.activity)

  app.get(`${BASE}/new`, authors, async (request, reply) => {
    const course = await requireCourse(
      ctx.db,
      parseRequest(courseParams, request.params, 'params').course,
    )
    const { kind } = parseRequest(kindQuery, request.query, 'query')
    return renderConsolePage(ctx, request, reply, {
      title: kind === 'page' ? 'Add a content page' : 'Add a quiz',
      body: (
        <NewActivityPage course={course} kind={kind} values={{ title: '', body: '' }} errors={{}} />
      ),
    })
  })

  app.post(`${BASE}/new`, authors, async (request, reply) => {
    const course = await requireCourse(
      ctx.db,
      parseRequest(courseParams, request.params, 'params').course,
    )
    const kind = parseRequest(kindQuery, request.body, 'body').kind
    try {
      const input = parseRequest(newActivityForm, request.body, 'body')
      const id = await addActivity(authoring, course.id, input)
      // A new quiz still needs its questions: the author continues on its page.
      const next =
        input.kind === 'quiz' ? AUTHORING.activity(course.id, id) : AUTHORING.course(course.id)
      return await reply.redirect(`${next}?saved=added`, 303)
    } catch (error) {
      return renderConsolePage(ctx, request, reply, {
        title: kind === 'page' ? 'Add a content page' : 'Add a quiz',
        status: 400,
        body: (
          <NewActivityPage
            course={course}
            kind={kind}
            values={textValues(request.body, ACTIVITY_FIELDS)}
            errors={formErrorsOf(error)}
          />
        ),
      })
    }
  })

  app.get(`${BASE}/:activity`, authors, async (request, reply) =>
    renderActivityPage(ctx, request, reply, idsOf(request)),
  )

  app.post(`${BASE}/:activity`, authors, async (request, reply) => {
    const ids = idsOf(request)
    try {
      const change = parseRequest(activityForm, request.body, 'body')
      await updateActivity(authoring, ids.course, ids.activity, change)
      return await reply.redirect(`${pathOf(ids)}?saved=activity`, 303)
    } catch (error) {
      return renderActivityPage(ctx, request, reply, ids, {
        errors: formErrorsOf(error),
        of: 'details',
        values: textValues(request.body, ACTIVITY_FIELDS),
      })
    }
  })

  app.post(`${BASE}/:activity/conditions`, authors, async (request, reply) => {
    const ids = idsOf(request)
    try {
      const requires = parseRequest(conditionsForm, request.body ?? {}, 'body')
      await updateActivity(authoring, ids.course, ids.activity, { requires })
      return await reply.redirect(`${pathOf(ids)}?saved=conditions`, 303)
    } catch (error) {
      return renderActivityPage(ctx, request, reply, ids, {
        errors: formErrorsOf(error),
        of: 'conditions',
      })
    }
  })

  app.post(`${BASE}/:activity/move`, authors, async (request, reply) => {
    const ids = idsOf(request)
    const { direction } = parseRequest(moveForm, request.body, 'body')
    await asProblem(() => moveActivity(authoring, ids.course, ids.activity, direction))
    return reply.redirect(`${AUTHORING.course(ids.course)}?saved=order`, 303)
  })

  app.get(`${BASE}/:activity/delete`, authors, async (request, reply) => {
    const ids = idsOf(request)
    const course = await requireCourse(ctx.db, ids.course)
    const activity = await requireActivity(ctx.db, course.id, ids.activity)
    const dependants = (await listActivities(ctx.db, course.id))
      .filter((other) => other.requires.includes(activity.id))
      .map((other) => other.title)
    const blocker = await activityDeletionBlocker(ctx.db, course, activity.id)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete ${activity.title}`,
      body: (
        <ConfirmDeletePage
          title={`Delete ${activity.title}?`}
          consequences={
            'Learners’ progress on it goes with it. ' +
            (dependants.length === 0
              ? ''
              : `It is no longer a condition of: ${dependants.join(', ')}.`)
          }
          blocker={blocker}
          action={`${pathOf(ids)}/delete`}
          back={pathOf(ids)}
        />
      ),
    })
  })

  app.post(`${BASE}/:activity/delete`, authors, async (request, reply) => {
    const ids = idsOf(request)
    try {
      await deleteActivity(authoring, ids.course, ids.activity)
    } catch (error) {
      return renderCoursePage(ctx, request, reply, ids.course, {
        errors: formErrorsOf(error),
        of: 'order',
      })
    }
    return reply.redirect(`${AUTHORING.course(ids.course)}?saved=removed`, 303)
  })

  await questionRoutes(app, ctx, { authors, renderActivityPage })
}
