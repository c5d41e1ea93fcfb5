/**
 * Console routes of the runtime: the Learning Tools list, the assignment view and the teacher's
 * "Add tool content" (a deep linking request framed in the platform page).
 */
import { autoPostResponse } from '@ltihub/core/oidc-login'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { LEARNING_TOOL_USERS } from '../../console/access.js'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem } from '../../http/problems.js'
import { DEFAULT_CSP } from '../../http/security-headers.js'
import { parseRequest } from '../../http/validate.js'
import {
  AssignmentPage,
  type LearningToolEntry,
  LearningToolsPage,
  listedFor,
} from './console-pages.js'
import { assignmentsWithTools } from './assignment-entries.js'
import { startContentItemSelection } from './content-item.js'
import { inTransaction, type LmsPorts, type PlatformRuntime } from './deps.js'
import { isCodedError, type LmsUser, STORAGE_TARGET_PARENT, startDeepLinking } from './layer.js'
import { toolOriginsOf } from './launch-routes.js'
import { framedToolPage, launchErrorPage } from './pages.js'
import { sqlLineItemStore } from './stores/grades.js'
import { sqlEmbeddedContentStore, sqlResourceLinkStore } from './stores/resource-links.js'
import { CONSOLE, publicRoot } from './urls.js'
import { sendWebResponse } from './web-adapter.js'

const assignmentParams = z.object({ assignmentId: z.string().min(1).max(255) })
const addToolContentForm = z.object({
  connectionId: z.string().min(1).max(255),
  presentation: z.enum(['iframe', 'window']).default('iframe'),
})

/** The LMS user behind the console principal (the school model uses the same ids). */
async function currentUser(
  runtime: PlatformRuntime,
  request: FastifyRequest,
): Promise<LmsUser | undefined> {
  const principal = request.principal
  if (principal === undefined) return undefined
  return runtime.ports.directory(runtime.ctx.db, runtime.ctx).getUser(principal.id)
}

/** The Learning Tools list of a user: each listed connection once per school they share. */
export async function learningToolEntries(
  ctx: AppContext,
  ports: LmsPorts,
  user: LmsUser,
): Promise<LearningToolEntry[]> {
  const connections = await ports.listConnections(ctx.db, ctx, user.schoolIds)
  return connections.flatMap((connection) =>
    user.schoolIds
      .filter((schoolId) => connection.schoolIds.includes(schoolId) && listedFor(connection, user))
      .map((schoolId) => ({ connection, schoolId })),
  )
}

/** The assignment, when the user is on its section's roster (or administers its school). */
async function visibleAssignment(runtime: PlatformRuntime, user: LmsUser, assignmentId: string) {
  const directory = runtime.ports.directory(runtime.ctx.db, runtime.ctx)
  const assignment = await directory.getAssignment(assignmentId)
  const context =
    assignment === undefined ? undefined : await directory.getContext(assignment.contextId)
  if (assignment === undefined || context === undefined)
    throw new HttpProblem(404, 'no such assignment')
  const enrolment = await directory.getEnrolment(context.id, user.id)
  const admin = user.kind === 'admin' && user.schoolIds.includes(context.schoolId)
  if (enrolment?.status !== 'active' && !admin)
    throw new HttpProblem(404, 'assignment of another section')
  const teaches = admin || enrolment?.role === 'teacher' || enrolment?.role === 'assistant'
  return { assignment, context, canAdd: teaches && user.canUseExternalTools }
}

export async function consoleRoutes(app: FastifyInstance, runtime: PlatformRuntime): Promise<void> {
  const { ctx } = runtime

  app.get(
    CONSOLE.learningTools,
    { preHandler: requireRole(...LEARNING_TOOL_USERS) },
    async (request, reply) => {
      const user = await currentUser(runtime, request)
      const entries = user === undefined ? [] : await learningToolEntries(ctx, runtime.ports, user)
      const assignments = user === undefined ? [] : await assignmentsWithTools(ctx.db, user.id)
      return renderConsolePage(ctx, request, reply, {
        title: 'Learning Tools',
        body: <LearningToolsPage entries={entries} assignments={assignments} />,
      })
    },
  )

  app.get(CONSOLE.assignment, async (request, reply) => {
    const { assignmentId } = parseRequest(assignmentParams, request.params, 'params')
    const user = await currentUser(runtime, request)
    if (user === undefined) throw new HttpProblem(404, 'no LMS user for this principal')
    const { assignment, context, canAdd } = await visibleAssignment(runtime, user, assignmentId)
    const connections = canAdd
      ? await runtime.ports.listConnections(ctx.db, ctx, [context.schoolId])
      : []
    const pickable = connections.filter(
      (c) =>
        c.lti13 !== undefined && (c.features.assignmentResource || c.features.embeddableContent),
    )
    // Images of embedded content load from the tool's host.
    reply.header(
      'content-security-policy',
      DEFAULT_CSP.replace("img-src 'self' data:", "img-src 'self' data: https:"),
    )
    return renderConsolePage(ctx, request, reply, {
      title: assignment.title,
      body: (
        <AssignmentPage
          title={assignment.title}
          scoringType={assignment.scoringType}
          pointsPossible={assignment.pointsPossible}
          links={await sqlResourceLinkStore(ctx.db, ctx.clock).listByAssignment(assignment.id)}
          lineItems={await sqlLineItemStore(ctx.db, ctx.clock).listByAssignment(assignment.id)}
          content={await sqlEmbeddedContentStore(ctx.db, ctx.clock).listByAssignment(assignment.id)}
          pickable={pickable}
          canAdd={canAdd}
          staff={user.kind === 'teacher' || user.kind === 'admin'}
          addAction={`${request.url.split('?')[0] ?? ''}/add-tool-content`}
        />
      ),
    })
  })

  app.post(CONSOLE.addToolContent, async (request, reply) => {
    const { assignmentId } = parseRequest(assignmentParams, request.params, 'params')
    const form = parseRequest(addToolContentForm, request.body, 'body')
    const user = await currentUser(runtime, request)
    if (user === undefined) throw new HttpProblem(404, 'no LMS user for this principal')
    const { assignment } = await visibleAssignment(runtime, user, assignmentId)
    const root = publicRoot(ctx.config.publicUrl)
    const browserBinding = runtime.launchBinding.ensure(request, reply)
    const framed = form.presentation === 'iframe'
    const response = await inTransaction(runtime, async (deps) => {
      try {
        const chosen = await deps.connections.get(form.connectionId)
        if (chosen?.lti13 === undefined && chosen?.lti11 !== undefined) {
          return await startContentItemSelection(deps, {
            userId: user.id,
            connectionId: form.connectionId,
            contextId: assignment.contextId,
            assignmentId: assignment.id,
          })
        }
        const start = await startDeepLinking(deps, {
          userId: user.id,
          connectionId: form.connectionId,
          contextId: assignment.contextId,
          assignmentId: assignment.id,
          presentation: form.presentation,
          ...(framed ? { storageTarget: STORAGE_TARGET_PARENT } : {}),
          returnUrl: `${root}${request.url}`.replace(/\/add-tool-content$/, ''),
          browserBinding,
        })
        // Not a redirect: this page's `form-action 'self'` also governs where the form's
        // navigation is redirected, so the new window posts the login initiation itself.
        if (!framed) return autoPostResponse(start.action, start.fields)
        const connection = await deps.connections.get(start.connectionId)
        return framedToolPage({
          title: connection?.name ?? 'Add tool content',
          loginUrl: start.url,
          toolOrigins: connection === undefined ? [] : toolOriginsOf(connection),
          platformOrigin: new URL(root).origin,
        })
      } catch (error) {
        if (isCodedError(error)) return launchErrorPage(error)
        throw error
      }
    })
    return sendWebResponse(reply, response)
  })
}
