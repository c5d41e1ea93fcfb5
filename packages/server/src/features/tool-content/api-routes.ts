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
import { route } from '../../api/contract.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseResponse } from '../../http/validate.js'
import {
  addActivity,
  deleteActivity,
  reorderActivities,
  updateActivity,
} from './activity-authoring.js'
import { ContentRefusal } from './authoring.js'
import { courseSummaries, requireActivity, requireCourse } from './authoring-data.js'
import { AUTHOR_ROLES, authoringOf } from './authoring-routes.js'
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

  route(
    app,
    {
      method: 'GET',
      url: CONTENT_API,
      summary: "The tool's courses, with activity and publication counts",
      allow: AUTHOR_ROLES,
      response: z.array(courseResponse),
      status: 200,
    },
    async () =>
      (await courseSummaries(ctx.db)).map((summary) => courseFields(summary.course, summary)),
  )

  route(
    app,
    {
      method: 'POST',
      url: CONTENT_API,
      summary: 'Create a course',
      allow: AUTHOR_ROLES,
      body: courseCreateBody,
      response: courseDetailResponse,
      status: 201,
    },
    async ({ body }) => {
      const course = await refusalsAsProblems(() =>
        createCourseRecord(authoring, {
          title: body.title,
          externalId: body.externalId ?? null,
          description: body.description ?? null,
        }),
      )
      return courseDetail(ctx, course.id)
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: `${CONTENT_API}/:course`,
      summary: 'One course with its activities and quiz questions',
      allow: AUTHOR_ROLES,
      params: courseParams,
      response: courseDetailResponse,
      status: 200,
    },
    async ({ params }) => courseDetail(ctx, params.course),
  )

  route(
    app,
    {
      method: 'PATCH',
      url: `${CONTENT_API}/:course`,
      summary: 'Change a course',
      allow: AUTHOR_ROLES,
      params: courseParams,
      body: courseUpdateBody,
      response: courseDetailResponse,
      status: 200,
    },
    async ({ params, body }) => {
      await refusalsAsProblems(() => updateCourse(authoring, params.course, body))
      return courseDetail(ctx, params.course)
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: `${CONTENT_API}/:course`,
      summary: 'Delete a course that no publication uses',
      allow: AUTHOR_ROLES,
      params: courseParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      await refusalsAsProblems(() => deleteCourse(authoring, params.course))
    },
  )

  route(
    app,
    {
      method: 'PUT',
      url: `${CONTENT_API}/:course/order`,
      summary: "Reorder a course's activities",
      allow: AUTHOR_ROLES,
      params: courseParams,
      body: orderBody,
      response: courseDetailResponse,
      status: 200,
    },
    async ({ params, body }) => {
      await refusalsAsProblems(() => reorderActivities(authoring, params.course, body.activityIds))
      return courseDetail(ctx, params.course)
    },
  )
}

async function activityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const authoring = authoringOf(ctx)

  route(
    app,
    {
      method: 'POST',
      url: `${CONTENT_API}/:course/activities`,
      summary: 'Add a page or a quiz to a course',
      allow: AUTHOR_ROLES,
      params: courseParams,
      body: activityCreateBody,
      response: activityResponse,
      status: 201,
    },
    async ({ params, body }) => {
      const id = await refusalsAsProblems(() => addActivity(authoring, params.course, body))
      return activityDetail(ctx, params.course, id)
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: `${CONTENT_API}/:course/activities/:activity`,
      summary: 'One activity (a quiz with its questions)',
      allow: AUTHOR_ROLES,
      params: activityParams,
      response: activityResponse,
      status: 200,
    },
    async ({ params }) => activityDetail(ctx, params.course, params.activity),
  )

  route(
    app,
    {
      method: 'PATCH',
      url: `${CONTENT_API}/:course/activities/:activity`,
      summary: 'Change an activity',
      allow: AUTHOR_ROLES,
      params: activityParams,
      body: activityUpdateBody,
      response: activityResponse,
      status: 200,
    },
    async ({ params, body }) => {
      await refusalsAsProblems(() =>
        updateActivity(authoring, params.course, params.activity, body),
      )
      return activityDetail(ctx, params.course, params.activity)
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: `${CONTENT_API}/:course/activities/:activity`,
      summary: 'Delete an activity',
      allow: AUTHOR_ROLES,
      params: activityParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      await refusalsAsProblems(() => deleteActivity(authoring, params.course, params.activity))
    },
  )
}

/** Mounts the content API; each route allows the authoring roles (API guard). */
export async function contentApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await courseRoutes(app, ctx)
  await activityRoutes(app, ctx)
}
