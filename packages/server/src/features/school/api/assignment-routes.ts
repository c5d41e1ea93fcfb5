import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../../context.js'
import { HttpProblem } from '../../../http/problems.js'
import {
  createAssignment,
  deleteAssignment,
  findAssignment,
  listAssignments,
  listGradeEntries,
  updateAssignment,
} from '../assignments-repository.js'
import type { AssignmentRecord } from '../model.js'
import {
  assignmentChangesBody,
  assignmentParams,
  assignmentView,
  gradeEntryView,
  gradeParams,
  listOf,
  manualGradeBody,
  newAssignmentBody,
  sectionParams,
} from '../schema.js'
import { gradeStudent } from '../service.js'
import { SCHOOL_STAFF, sectionFor } from './access.js'
import { route } from '../../../api/contract.js'

/** The assignment, if the caller may see (`read`) or change (`manage`) its section. */
async function assignmentFor(
  ctx: AppContext,
  request: FastifyRequest,
  assignmentId: string,
  need: 'read' | 'manage',
): Promise<AssignmentRecord> {
  const assignment = await findAssignment(ctx.db, assignmentId)
  if (assignment === undefined) throw new HttpProblem(404, `no assignment ${assignmentId}`)
  await sectionFor(ctx.db, request, assignment.sectionId, need)
  return assignment
}

/** Assignments and the grade book. Teachers manage their sections'; administrators any. */
export async function assignmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/sections/:sectionId/assignments',
      summary: "A section's assignments",
      allow: SCHOOL_STAFF,
      params: sectionParams,
      response: listOf(assignmentView),
      status: 200,
    },
    async ({ request, params }) => {
      await sectionFor(ctx.db, request, params.sectionId, 'read')
      return { items: await listAssignments(ctx.db, params.sectionId) }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/sections/:sectionId/assignments',
      summary: 'Add an assignment to a section',
      allow: SCHOOL_STAFF,
      params: sectionParams,
      target: ({ request, params }) => sectionFor(ctx.db, request, params.sectionId, 'manage'),
      body: newAssignmentBody,
      response: assignmentView,
      status: 201,
    },
    async ({ target: section, body }) => {
      return createAssignment(ctx.db, { ...body, sectionId: section.id }, ctx.clock())
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/assignments/:assignmentId',
      summary: 'One assignment',
      allow: SCHOOL_STAFF,
      params: assignmentParams,
      response: assignmentView,
      status: 200,
    },
    async ({ request, params }) => assignmentFor(ctx, request, params.assignmentId, 'read'),
  )

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/platform/assignments/:assignmentId',
      summary: 'Change an assignment',
      allow: SCHOOL_STAFF,
      params: assignmentParams,
      target: ({ request, params }) => assignmentFor(ctx, request, params.assignmentId, 'manage'),
      body: assignmentChangesBody,
      response: assignmentView,
      status: 200,
    },
    async ({ target: assignment, body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        if (body.scoring !== undefined) {
          const graded = await listGradeEntries(trx, { assignmentId: assignment.id })
          // Grades were given on the old scale: rescoring would silently change their meaning.
          if (graded.length > 0) throw new HttpProblem(409, 'graded assignments keep their scoring')
        }
        await updateAssignment(trx, assignment.id, body, ctx.clock())
        const changed = await findAssignment(trx, assignment.id)
        if (changed === undefined) throw new HttpProblem(404, `no assignment ${assignment.id}`)
        return changed
      })
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/platform/assignments/:assignmentId',
      summary: 'Delete an assignment',
      allow: SCHOOL_STAFF,
      params: assignmentParams,
      response: null,
      status: 204,
    },
    async ({ request, params }) => {
      const assignment = await assignmentFor(ctx, request, params.assignmentId, 'manage')
      await deleteAssignment(ctx.db, assignment.id)
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/sections/:sectionId/grades',
      summary: "A section's grade book: every student's grade on every assignment",
      allow: SCHOOL_STAFF,
      params: sectionParams,
      response: listOf(gradeEntryView),
      status: 200,
    },
    async ({ request, params }) => {
      await sectionFor(ctx.db, request, params.sectionId, 'read')
      return { items: await listGradeEntries(ctx.db, { sectionId: params.sectionId }) }
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/assignments/:assignmentId/grades',
      summary: 'The grades of one assignment',
      allow: SCHOOL_STAFF,
      params: assignmentParams,
      response: listOf(gradeEntryView),
      status: 200,
    },
    async ({ request, params }) => {
      const assignment = await assignmentFor(ctx, request, params.assignmentId, 'read')
      return { items: await listGradeEntries(ctx.db, { assignmentId: assignment.id }) }
    },
  )

  route(
    app,
    {
      method: 'PUT',
      url: '/api/platform/assignments/:assignmentId/grades/:studentId',
      summary: 'Grade a student on an assignment',
      allow: SCHOOL_STAFF,
      params: gradeParams,
      target: ({ request, params }) => assignmentFor(ctx, request, params.assignmentId, 'manage'),
      body: manualGradeBody,
      response: null,
      status: 204,
    },
    async ({ target: assignment, params, body }) => {
      await gradeStudent(ctx.db, assignment, params.studentId, body, ctx.clock())
    },
  )
}
