/** Console routes of a quiz's questions: add, edit, move, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import type { ActivityRefusal } from './activity-routes.js'
import { QuestionPage } from './activity-pages.js'
import { requireActivity, requireCourse } from './authoring-data.js'
import { activityParams, questionParams } from './authoring-schema.js'
import { authoringOf } from './authoring-routes.js'
import {
  asProblem,
  formErrorsOf,
  moveForm,
  postedQuestion,
  type QuestionValues,
  questionOfForm,
  questionValuesOf,
} from './console-forms.js'
import type { FieldErrors } from '../../console/form.js'
import { AUTHORING } from './paths.js'
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from './question-authoring.js'
import { listQuestions } from './repository.js'

export interface QuestionRouteOptions {
  readonly authors: { readonly preHandler: ReturnType<typeof requireRole> }
  readonly renderActivityPage: (
    ctx: AppContext,
    request: FastifyRequest,
    reply: FastifyReply,
    ids: { readonly course: string; readonly activity: string },
    refused?: ActivityRefusal,
  ) => Promise<FastifyReply>
}

export async function questionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: QuestionRouteOptions,
): Promise<void> {
  const { authors } = options
  const authoring = authoringOf(ctx)
  const BASE = '/console/tool/authoring/:course/activities/:activity/questions'
  const idsOf = (request: FastifyRequest) => {
    const ids = parseRequest(questionParams, request.params, 'params')
    return { courseId: ids.course, activityId: ids.activity, questionId: ids.question }
  }
  const quizPath = (ids: { courseId: string; activityId: string }) =>
    AUTHORING.activity(ids.courseId, ids.activityId)

  async function renderQuestionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    ids: ReturnType<typeof idsOf>,
    refused?: { values: QuestionValues; errors: FieldErrors },
  ) {
    const course = await requireCourse(ctx.db, ids.courseId)
    const activity = await requireActivity(ctx.db, course.id, ids.activityId)
    const question = (await listQuestions(ctx.db, activity.id)).find(
      (candidate) => candidate.id === ids.questionId,
    )
    if (question === undefined) throw new HttpProblem(404, `no question ${ids.questionId}`)
    return renderConsolePage(ctx, request, reply, {
      title: 'Edit question',
      status: refused === undefined ? 200 : 400,
      body: (
        <QuestionPage
          course={course}
          activity={activity}
          question={question}
          values={refused?.values ?? questionValuesOf(question)}
          errors={refused?.errors ?? {}}
        />
      ),
    })
  }

  app.post(BASE, authors, async (request, reply) => {
    const ids = parseRequest(activityParams, request.params, 'params')
    const values = postedQuestion(request.body)
    try {
      await addQuestion(authoring, ids.course, ids.activity, questionOfForm(values))
    } catch (error) {
      return options.renderActivityPage(ctx, request, reply, ids, {
        errors: formErrorsOf(error),
        of: 'question',
        questionValues: values,
      })
    }
    return reply.redirect(`${AUTHORING.activity(ids.course, ids.activity)}?saved=question`, 303)
  })

  app.get(`${BASE}/:question`, authors, async (request, reply) =>
    renderQuestionPage(request, reply, idsOf(request)),
  )

  app.post(`${BASE}/:question`, authors, async (request, reply) => {
    const ids = idsOf(request)
    const values = postedQuestion(request.body)
    try {
      await updateQuestion(authoring, ids, questionOfForm(values))
    } catch (error) {
      return renderQuestionPage(request, reply, ids, { values, errors: formErrorsOf(error) })
    }
    return reply.redirect(`${quizPath(ids)}?saved=question`, 303)
  })

  app.post(`${BASE}/:question/move`, authors, async (request, reply) => {
    const ids = idsOf(request)
    const { direction } = parseRequest(moveForm, request.body, 'body')
    await asProblem(() => moveQuestion(authoring, ids, direction))
    return reply.redirect(`${quizPath(ids)}?saved=question`, 303)
  })

  app.post(`${BASE}/:question/delete`, authors, async (request, reply) => {
    const ids = idsOf(request)
    await asProblem(() => deleteQuestion(authoring, ids))
    return reply.redirect(`${quizPath(ids)}?saved=question-removed`, 303)
  })
}
