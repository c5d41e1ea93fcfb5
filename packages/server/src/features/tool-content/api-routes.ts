/**
 * REST API of course authoring under `/api/tool/courses`: courses and their activities (a quiz
 * with its questions), JSON in and out, problem details on refusal. Every route: an author
 * (session or API token, checked by the API guard before any input), zod-parsed input, responses
 * parsed by their contract.
 */
import type { Course } from '@ltihub/tool'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseRequest, parseResponse } from '../../http/validate.js'
import {
  addActivity,
  deleteActivity,
  reorderActivities,
  updateActivity,
} from './activity-authoring.js'
import { AUTHORS_ONLY } from './api-access.js'
import { ContentRefusal } from './authoring.js'
import { courseSummaries, requireActivity, requireCourse } from './authoring-data.js'
import { authoringOf } from './authoring-routes.js'
import {
  activityCreateBody,
  activityParams,
  activityUpdateBody,
  courseCreateBody,
  courseParams,
  courseUpdateBody,
  orderBody,
} from './authoring-schema.js'
import {
  createCourseRecord,
  deleteCourse,
  publicationCount,
  updateCourse,
} from './course-authoring.js'
import { CONTENT_API } from './paths.js'
import { type ContentActivity, listActivities, listQuestions } from './repository.js'

const questionResponse = z.object({
  id: z.string(),
  prompt: z.string(),
  choices: z.array(z.string()),
  correctIndex: z.number().int(),
})

const activityResponse = z.object({
  id: z.string(),
  kind: z.enum(['page', 'quiz']),
  title: z.string(),
  body: z.string(),
  requires: z.array(z.string()),
  questions: z.array(questionResponse).optional(),
})

const courseResponse = z.object({
  id: z.string(),
  title: z.string(),
  externalId: z.string().nullable(),
  description: z.string().nullable(),
  gradeActivityId: z.string().nullable(),
  activityCount: z.number().int(),
  publicationCount: z.number().int(),
})

const courseDetailResponse = courseResponse.extend({ activities: z.array(activityResponse) })

/** Refusals of the authoring functions as problem details: 404, or 400 naming the field. */
async function refusalsAsProblems<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!(error instanceof ContentRefusal)) throw error
    if (error.status === 404) throw new HttpProblem(404, error.message)
    const issue = {
      code: 'custom' as const,
      path: error.field === '' ? [] : [error.field],
      message: error.message,
      input: undefined,
    }
    throw new RequestValidationError(new z.ZodError([issue]), 'body')
  }
}

const courseFields = (course: Course, counts: { activities: number; publications: number }) => ({
  id: course.id,
  title: course.title,
  externalId: course.externalId ?? null,
  description: course.description ?? null,
  gradeActivityId: course.gradeActivityId ?? null,
  activityCount: counts.activities,
  publicationCount: counts.publications,
})

async function activityView(ctx: AppContext, activity: ContentActivity) {
  const questions =
    activity.kind === 'quiz'
      ? {
          questions: (await listQuestions(ctx.db, activity.id)).map((question) => ({
            id: question.id,
            prompt: question.prompt,
            choices: [...question.choices],
            correctIndex: question.correctIndex,
          })),
        }
      : {}
  return {
    id: activity.id,
    kind: activity.kind,
    title: activity.title,
    body: activity.body,
    requires: [...activity.requires],
    ...questions,
  }
}

async function courseDetail(ctx: AppContext, courseId: string) {
  const course = await requireCourse(ctx.db, courseId)
  const activities = await listActivities(ctx.db, course.id)
  const publications = await publicationCount(ctx.db, course.id)
  return parseResponse(courseDetailResponse, {
    ...courseFields(course, { activities: activities.length, publications }),
    activities: await Promise.all(activities.map((activity) => activityView(ctx, activity))),
  })
}

async function activityDetail(ctx: AppContext, courseId: string, activityId: string) {
  const activity = await requireActivity(ctx.db, courseId, activityId)
  return parseResponse(activityResponse, await activityView(ctx, activity))
}

async function courseRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const authoring = authoringOf(ctx)
  const courseIdOf = (params: unknown) => parseRequest(courseParams, params, 'params').course

  app.get(CONTENT_API, AUTHORS_ONLY, async () =>
    parseResponse(
      z.array(courseResponse),
      (await courseSummaries(ctx.db)).map((summary) => courseFields(summary.course, summary)),
    ),
  )

  app.post(CONTENT_API, AUTHORS_ONLY, async (request, reply) => {
    const body = parseRequest(courseCreateBody, request.body, 'body')
    const course = await refusalsAsProblems(() =>
      createCourseRecord(authoring, {
        title: body.title,
        externalId: body.externalId ?? null,
        description: body.description ?? null,
      }),
    )
    return reply.status(201).send(await courseDetail(ctx, course.id))
  })

  app.get(`${CONTENT_API}/:course`, AUTHORS_ONLY, async (request) =>
    courseDetail(ctx, courseIdOf(request.params)),
  )

  app.patch(`${CONTENT_API}/:course`, AUTHORS_ONLY, async (request) => {
    const courseId = courseIdOf(request.params)
    const body = parseRequest(courseUpdateBody, request.body, 'body')
    await refusalsAsProblems(() => updateCourse(authoring, courseId, body))
    return courseDetail(ctx, courseId)
  })

  app.delete(`${CONTENT_API}/:course`, AUTHORS_ONLY, async (request, reply) => {
    await refusalsAsProblems(() => deleteCourse(authoring, courseIdOf(request.params)))
    return reply.status(204).send()
  })

  app.put(`${CONTENT_API}/:course/order`, AUTHORS_ONLY, async (request) => {
    const courseId = courseIdOf(request.params)
    const { activityIds } = parseRequest(orderBody, request.body, 'body')
    await refusalsAsProblems(() => reorderActivities(authoring, courseId, activityIds))
    return courseDetail(ctx, courseId)
  })
}

async function activityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const authoring = authoringOf(ctx)
  const idsOf = (params: unknown) => parseRequest(activityParams, params, 'params')

  app.post(`${CONTENT_API}/:course/activities`, AUTHORS_ONLY, async (request, reply) => {
    const courseId = parseRequest(courseParams, request.params, 'params').course
    const body = parseRequest(activityCreateBody, request.body, 'body')
    const id = await refusalsAsProblems(() => addActivity(authoring, courseId, body))
    return reply.status(201).send(await activityDetail(ctx, courseId, id))
  })

  app.get(`${CONTENT_API}/:course/activities/:activity`, AUTHORS_ONLY, async (request) => {
    const ids = idsOf(request.params)
    return activityDetail(ctx, ids.course, ids.activity)
  })

  app.patch(`${CONTENT_API}/:course/activities/:activity`, AUTHORS_ONLY, async (request) => {
    const ids = idsOf(request.params)
    const body = parseRequest(activityUpdateBody, request.body, 'body')
    await refusalsAsProblems(() => updateActivity(authoring, ids.course, ids.activity, body))
    return activityDetail(ctx, ids.course, ids.activity)
  })

  app.delete(
    `${CONTENT_API}/:course/activities/:activity`,
    AUTHORS_ONLY,
    async (request, reply) => {
      const ids = idsOf(request.params)
      await refusalsAsProblems(() => deleteActivity(authoring, ids.course, ids.activity))
      return reply.status(204).send()
    },
  )
}

/** Mounts the content API; each route declares `AUTHORS_ONLY` for the API guard. */
export async function contentApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await courseRoutes(app, ctx)
  await activityRoutes(app, ctx)
}
