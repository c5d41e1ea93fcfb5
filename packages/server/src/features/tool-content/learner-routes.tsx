import type { LaunchContext } from '@ltihub/tool'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ComponentChildren } from 'preact'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { parseRequest } from '../../http/validate.js'
import { sqlRegistrationStore } from '@ltihub/kysely/tool'
import { learnerPath, ltiToolOf } from '../tool-lti/tool.js'
import {
  type ContentActivity,
  listActivities,
  listQuestions,
  markCompleted,
  markStarted,
  type Progress,
  progressOf,
  unmetConditions,
} from './repository.js'
import {
  CourseView,
  learnerPage,
  MessageView,
  PageView,
  QuizView,
  ResultView,
} from './learner-views.js'

const params = z.object({ session: z.string().min(8).max(200) })
const activityParams = params.extend({ activity: z.string().min(1).max(200) })
/** Radio answers `q_<question id>` = choice index; anything else in the form is ignored. */
const answersBody = z.record(z.string().max(300), z.unknown())

function originOf(url: string | undefined): string[] {
  if (url === undefined || !URL.canParse(url)) return []
  const { protocol, origin } = new URL(url)
  return protocol === 'https:' || protocol === 'http:' ? [origin] : []
}

/** The origins that may frame a learner page: the platform this launch came from. */
async function frameAncestorsOf(ctx: AppContext, launch: LaunchContext): Promise<string[]> {
  const origins = [...originOf(launch.returnUrl)]
  if (launch.platform.kind === 'lti13') {
    const registration = await sqlRegistrationStore(ctx.db, ctx.clock).get(
      launch.platform.registrationId,
    )
    origins.push(...originOf(registration?.issuer), ...originOf(registration?.authLoginUrl))
  }
  const target = launch.enrolment.gradeTarget
  if (target?.kind === 'lti11-outcome') origins.push(...originOf(target.serviceUrl))
  // An LTI 1.1 consumer says nothing of its origin without these: any https page may frame then.
  return origins.length === 0 ? ['https:'] : [...new Set(origins)]
}

interface Learning {
  readonly launch: LaunchContext
  readonly base: string
  readonly activities: readonly ContentActivity[]
  readonly progress: Map<string, Progress>
  readonly frameAncestors: readonly string[]
}

export async function learnerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tool = ltiToolOf(ctx)

  const send = (
    reply: FastifyReply,
    learning: { frameAncestors: readonly string[] } | undefined,
    title: string,
    body: ComponentChildren,
    status = 200,
  ) => {
    const page = learnerPage({
      title,
      body,
      status,
      frameAncestors: learning?.frameAncestors ?? [],
    })
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', page.csp)
      .send(page.html)
  }

  /**
   * Queues the learner's course progress for the platform (AGS activityProgress). The tool layer
   * decides whether it goes: grades sent back, an AGS line item, a newer item superseding it.
   */
  async function reportProgress(
    learning: Learning,
    progress: 'started' | 'in-progress',
    at: number,
  ): Promise<void> {
    await tool.grades.reportProgress({
      publicationId: learning.launch.publication.id,
      learnerId: learning.launch.learner.id,
      progress,
      at,
    })
  }

  /** The launch session of the URL, or a clear page when it is unknown or expired. */
  async function learningOf(session: string): Promise<Learning | undefined> {
    const launch = await tool.session(session)
    if (launch === undefined) return undefined
    const all = await listActivities(ctx.db, launch.course.id)
    const activities =
      launch.activity === undefined ? all : all.filter((a) => a.id === launch.activity?.id)
    return {
      launch,
      base: learnerPath(launch.sessionId),
      activities,
      progress: await progressOf(ctx.db, launch.learner.id, launch.course.id),
      frameAncestors: await frameAncestorsOf(ctx, launch),
    }
  }

  const unknownSession = (reply: FastifyReply) =>
    send(
      reply,
      undefined,
      'Session ended',
      <MessageView
        title="Your session has ended"
        message="Open the activity again from your learning platform."
        code="ERR_LTI_SESSION_UNKNOWN"
      />,
      404,
    )

  /** The activity of the URL when the learner may open it, else the page that says why not. */
  async function openActivity(reply: FastifyReply, learning: Learning, activityId: string) {
    const activity = learning.activities.find((a) => a.id === activityId)
    if (activity === undefined) {
      await send(
        reply,
        learning,
        'Not found',
        <MessageView
          title="Activity not found"
          message="This activity is not part of your course."
          base={learning.base}
        />,
        404,
      )
      return undefined
    }
    if (unmetConditions(activity, learning.progress).length > 0) {
      await send(
        reply,
        learning,
        'Locked',
        <MessageView
          title="Not open yet"
          message="Complete the earlier activities first."
          base={learning.base}
        />,
        403,
      )
      return undefined
    }
    return activity
  }

  app.get('/tool/learn/:session', async (request, reply) => {
    const learning = await learningOf(parseRequest(params, request.params, 'params').session)
    if (learning === undefined) return unknownSession(reply)
    const { launch } = learning
    const locked = new Set(
      learning.activities
        .filter((a) => unmetConditions(a, learning.progress).length > 0)
        .map((a) => a.id),
    )
    const name =
      [launch.learner.givenName, launch.learner.familyName].filter(Boolean).join(' ') || 'learner'
    return send(
      reply,
      learning,
      launch.course.title,
      <CourseView
        base={learning.base}
        courseTitle={launch.course.title}
        learnerName={name}
        activities={learning.activities}
        progress={learning.progress}
        locked={locked}
      />,
    )
  })

  app.get('/tool/learn/:session/activity/:activity', async (request, reply) => {
    const { session, activity: activityId } = parseRequest(activityParams, request.params, 'params')
    const learning = await learningOf(session)
    if (learning === undefined) return unknownSession(reply)
    const activity = await openActivity(reply, learning, activityId)
    if (activity === undefined) return reply
    const now = ctx.clock()
    await markStarted(ctx.db, learning.launch.learner.id, activity, now)
    // The first activity opened starts the course: its progress goes back to the platform (AGS).
    if (learning.progress.size === 0) await reportProgress(learning, 'started', now)
    if (activity.kind === 'page') {
      const completed = learning.progress.get(activity.id)?.state === 'completed'
      return send(
        reply,
        learning,
        activity.title,
        <PageView base={learning.base} activity={activity} completed={completed} />,
      )
    }
    const questions = await listQuestions(ctx.db, activity.id)
    return send(
      reply,
      learning,
      activity.title,
      <QuizView base={learning.base} activity={activity} questions={questions} />,
    )
  })

  app.post('/tool/learn/:session/activity/:activity/complete', async (request, reply) => {
    const { session, activity: activityId } = parseRequest(activityParams, request.params, 'params')
    const learning = await learningOf(session)
    if (learning === undefined) return unknownSession(reply)
    const activity = await openActivity(reply, learning, activityId)
    if (activity === undefined) return reply
    if (activity.kind !== 'page') {
      return send(
        reply,
        learning,
        'Quiz',
        <MessageView
          title="Answer the quiz"
          message="A quiz is completed by submitting its answers."
          base={learning.base}
        />,
        400,
      )
    }
    const now = ctx.clock()
    await markCompleted(ctx.db, learning.launch.learner.id, activity, {}, now)
    // Progress on the way to the graded activity; once that is complete the course stays complete.
    const graded = learning.launch.course.gradeActivityId
    const courseDone = graded !== undefined && learning.progress.get(graded)?.state === 'completed'
    if (activity.id !== graded && !courseDone) await reportProgress(learning, 'in-progress', now)
    return reply.redirect(learning.base, 303)
  })

  app.post('/tool/learn/:session/activity/:activity/answers', async (request, reply) => {
    const { session, activity: activityId } = parseRequest(activityParams, request.params, 'params')
    const body = parseRequest(answersBody, request.body ?? {}, 'body')
    const learning = await learningOf(session)
    if (learning === undefined) return unknownSession(reply)
    const activity = await openActivity(reply, learning, activityId)
    if (activity === undefined) return reply
    const questions = await listQuestions(ctx.db, activity.id)
    if (activity.kind !== 'quiz' || questions.length === 0) {
      return send(
        reply,
        learning,
        'Not a quiz',
        <MessageView
          title="Not a quiz"
          message="This activity has no questions."
          base={learning.base}
        />,
        400,
      )
    }
    const chosen = questions.map((q) => {
      const value = body[`q_${q.id}`]
      return typeof value === 'string' &&
        /^\d{1,3}$/.test(value) &&
        Number(value) < q.choices.length
        ? Number(value)
        : undefined
    })
    if (chosen.includes(undefined)) {
      return send(
        reply,
        learning,
        activity.title,
        <QuizView
          base={learning.base}
          activity={activity}
          questions={questions}
          error="Answer every question, choosing one of the answers given."
        />,
        400,
      )
    }
    const correct = questions.filter((q, index) => chosen[index] === q.correctIndex).length
    const score = correct / questions.length
    const now = ctx.clock()
    await markCompleted(
      ctx.db,
      learning.launch.learner.id,
      activity,
      { score, correct, total: questions.length },
      now,
    )
    // The tool layer decides whether this result goes back (grade activity, completion rules).
    const outcome = await tool.grades.reportResult({
      publicationId: learning.launch.publication.id,
      learnerId: learning.launch.learner.id,
      activityId: activity.id,
      score,
      completed: true,
      at: now,
    })
    request.log.info({ activityId: activity.id, outcome }, 'quiz completed')
    return send(
      reply,
      learning,
      activity.title,
      <ResultView
        base={learning.base}
        activity={activity}
        correct={correct}
        total={questions.length}
      />,
    )
  })
}
