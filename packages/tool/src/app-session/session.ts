import type { ProgressReport, ReportOutcome, ResultReport } from '../grades/report.js'
import type { LaunchHandler } from '../internal/runtime.js'
import type { LaunchContext } from '../sessions.js'
import { readSessionCookie, sessionCookie } from './cookie.js'

/** Options of {@link LtiSession.score}. */
export interface ScoreOptions {
  /** Whether the learner finished (default true); see the publication's "only on completion". */
  readonly completed?: boolean
  readonly comment?: string
  /**
   * The activity that produced the result. Default: the launch's activity; without one, the
   * result is the grade of the publication itself.
   */
  readonly activityId?: string
}

/**
 * A launch carried to the learning application's own pages: everything the launch said (learner,
 * context, course, roles) and the way to send the learner's score back to the platform's grade
 * book. A score goes into the grade outbox and reaches the platform (AGS for LTI 1.3, Basic
 * Outcomes for LTI 1.1) with the next run of `tool.grades.deliverDue()`.
 */
export interface LtiSession extends LaunchContext {
  /** Queues the learner's result, a fraction from 0 to 1 (80% → 0.8). */
  score(score: number, options?: ScoreOptions): Promise<ReportOutcome>
  /** Queues the learner's progress (AGS `activityProgress`; skipped on LTI 1.1). */
  progress(progress: ProgressReport['progress']): Promise<ReportOutcome>
}

/** The grade services a session reports through (the tool's `grades`). */
export interface SessionGrades {
  reportResult(report: ResultReport): Promise<ReportOutcome>
  reportProgress(report: ProgressReport): Promise<ReportOutcome>
}

/** A launch context with its grade services bound. */
export function bindSession(launch: LaunchContext, grades: SessionGrades): LtiSession {
  const owner = { publicationId: launch.publication.id, learnerId: launch.learner.id }
  return {
    ...launch,
    score: (score, options = {}) => {
      const activityId = options.activityId ?? launch.activity?.id
      return grades.reportResult({
        ...owner,
        score,
        completed: options.completed ?? true,
        ...(activityId === undefined ? {} : { activityId }),
        ...(options.comment === undefined ? {} : { comment: options.comment }),
      })
    },
    progress: (progress) => grades.reportProgress({ ...owner, progress }),
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a browser sent this state-changing request from another site's page. The session cookie
 * is `SameSite=None` (it must reach the tool inside the platform's iframe), so a form on any site
 * could post with it: such a request carries no session (cross-site request forgery).
 */
export function isCrossOriginWrite(request: Request, toolOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false
  const origin = request.headers.get('origin')
  if (origin !== null && origin !== toolOrigin) return true
  const site = request.headers.get('sec-fetch-site')
  return site !== null && site !== 'same-origin' && site !== 'none'
}

/** The launch session id a request carries in its cookie, unless it is a cross-origin write. */
export function sessionIdOf(request: Request, toolOrigin: string): string | undefined {
  return isCrossOriginWrite(request, toolOrigin) ? undefined : readSessionCookie(request.headers)
}

/**
 * A launch handler that carries the launch to the application's page: it answers 303 to
 * `location` and sets the launch session cookie (HttpOnly, for the session's lifetime), which
 * `tool.sessionOf(request)` and the framework adapters' `ltiSession` read on the next requests.
 * The cookie holds the browser's latest launch; an application that keeps several launches open
 * at once in one browser passes `launch.sessionId` in its own pages and calls `tool.session(id)`.
 *
 * @example
 * createLtiTool({ ...options, onLaunch: redirectWithSession('/') })
 */
export function redirectWithSession(
  location: string | ((launch: LaunchContext) => string),
): LaunchHandler {
  return (launch) => {
    const target = typeof location === 'string' ? location : location(launch)
    const maxAgeSeconds = (launch.expiresAt - launch.createdAt) / 1000
    return new Response(null, {
      status: 303,
      headers: { location: target, 'set-cookie': sessionCookie(launch.sessionId, maxAgeSeconds) },
    })
  }
}
