/**
 * Home panels of the platform's learners and their families: a student's to-do list, courses and
 * Learning Tools; a parent's children with their courses and assignments; a teacher's Learning
 * Tools. Every link is one the person may open.
 */
import { LEARNING_TOOL_USERS, mayUse } from '../../console/access.js'
import { counted, type HomePanel } from '../../console/home.js'
import { LocalTime } from '../../console/local-time.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import {
  type AssignmentRecord,
  findEnrolment,
  findGradeEntry,
  findUser,
  listAssignments,
  listSections,
  type Section,
  studentIdsOf,
} from '../school/index.js'
import { learningToolEntries } from './console-routes.js'
import type { LmsPorts } from './deps.js'
import { assignmentPagePath, learningToolLaunchPath } from './urls.js'

interface StudentWork {
  readonly section: Section
  readonly assignments: readonly { assignment: AssignmentRecord; graded: boolean }[]
}

/** The sections a student is actively enrolled in, each with its assignments and their state. */
async function workOf(ctx: AppContext, studentId: string): Promise<StudentWork[]> {
  const work: StudentWork[] = []
  for (const section of await listSections(ctx.db, { userId: studentId })) {
    const enrolment = await findEnrolment(ctx.db, section.id, studentId)
    if (enrolment?.status !== 'active' || enrolment.role !== 'student') continue
    const assignments = []
    for (const assignment of await listAssignments(ctx.db, section.id)) {
      const entry = await findGradeEntry(ctx.db, assignment.id, studentId)
      assignments.push({ assignment, graded: entry !== undefined })
    }
    work.push({ section, assignments })
  }
  return work
}

function sectionName(section: Section): string {
  return `${section.courseTitle} (${section.label})`
}

function Due({ dueAt }: { dueAt: number | null }) {
  if (dueAt === null) return null
  return (
    <span class="muted">
      {' · due '}
      <LocalTime epochMs={dueAt} />
    </span>
  )
}

function todoPanel(work: readonly StudentWork[]): HomePanel {
  const open = work
    .flatMap(({ section, assignments }) =>
      assignments.filter((a) => !a.graded).map((a) => ({ section, ...a })),
    )
    .sort(
      (a, b) =>
        (a.assignment.dueAt ?? Number.MAX_SAFE_INTEGER) -
        (b.assignment.dueAt ?? Number.MAX_SAFE_INTEGER),
    )
  return {
    id: 'todo',
    title: 'To do',
    order: 10,
    body:
      open.length === 0 ? (
        <p>Nothing to do: every assignment of your courses has a grade.</p>
      ) : (
        <ul class="links" data-testid="home-todo-list">
          {open.map(({ section, assignment }) => (
            <li key={assignment.id}>
              <a href={assignmentPagePath(assignment.id)}>{assignment.title}</a>
              <span class="muted">{` · ${sectionName(section)}`}</span>
              <Due dueAt={assignment.dueAt} />
            </li>
          ))}
        </ul>
      ),
  }
}

function coursesPanel(work: readonly StudentWork[]): HomePanel {
  return {
    id: 'courses',
    title: 'Your courses',
    order: 20,
    body:
      work.length === 0 ? (
        <p>You are not enrolled in any section yet.</p>
      ) : (
        <ul class="links">
          {work.map(({ section, assignments }) => (
            <li key={section.id}>
              {sectionName(section)}
              <span class="muted">
                {` · ${counted(assignments.length, 'assignment')}, ${assignments.filter((a) => a.graded).length} graded`}
              </span>
            </li>
          ))}
        </ul>
      ),
  }
}

async function toolsPanel(ctx: AppContext, ports: LmsPorts, userId: string): Promise<HomePanel> {
  const user = await ports.directory(ctx.db, ctx).getUser(userId)
  const entries = user === undefined ? [] : await learningToolEntries(ctx, ports, user)
  return {
    id: 'learning-tools',
    title: 'Your Learning Tools',
    order: 30,
    body:
      entries.length === 0 ? (
        <p>No learning tools are offered to you yet.</p>
      ) : (
        <ul class="links">
          {entries.map(({ connection, schoolId }) => (
            <li key={`${connection.id}:${schoolId}`}>
              <a href={learningToolLaunchPath(connection.id, schoolId)}>{connection.name}</a>
            </li>
          ))}
        </ul>
      ),
  }
}

/**
 * A parent's children: their courses and assignments with what is graded. Parents cannot open a
 * child's assignment or launch a tool for a child, so this is a read-only overview.
 */
async function childrenPanel(ctx: AppContext, parentId: string): Promise<HomePanel> {
  const childIds = (await studentIdsOf(ctx.db, [parentId])).get(parentId) ?? []
  const children = []
  for (const id of childIds) {
    const child = await findUser(ctx.db, id)
    if (child !== undefined) children.push({ child, work: await workOf(ctx, id) })
  }
  return {
    id: 'children',
    title: 'Your children',
    order: 10,
    wide: true,
    body:
      children.length === 0 ? (
        <p>No child is linked to your account yet; the school can link them.</p>
      ) : (
        children.map(({ child, work }) => (
          <section key={child.id} aria-labelledby={`child-${child.id}`}>
            <h3 id={`child-${child.id}`}>{`${child.givenName} ${child.familyName}`}</h3>
            {work.length === 0 ? (
              <p>Not enrolled in any section yet.</p>
            ) : (
              <ul class="links">
                {work.map(({ section, assignments }) => (
                  <li key={section.id}>
                    <strong>{sectionName(section)}</strong>
                    {assignments.length === 0 ? (
                      <span class="muted"> · no assignments yet</span>
                    ) : (
                      <ul>
                        {assignments.map(({ assignment, graded }) => (
                          <li key={assignment.id}>
                            {assignment.title}
                            <span class="muted">{graded ? ' · graded' : ' · not graded yet'}</span>
                            <Due dueAt={assignment.dueAt} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))
      ),
  }
}

/** The platform runtime's panels for this person's home. */
export async function platformHome(
  ctx: AppContext,
  ports: LmsPorts,
  principal: Principal,
): Promise<HomePanel[]> {
  const user = await findUser(ctx.db, principal.id)
  if (user === undefined || !mayUse(principal, LEARNING_TOOL_USERS)) return []
  if (user.kind === 'student') {
    const work = await workOf(ctx, user.id)
    return [todoPanel(work), coursesPanel(work), await toolsPanel(ctx, ports, user.id)]
  }
  if (user.kind === 'parent') {
    return [await childrenPanel(ctx, user.id), await toolsPanel(ctx, ports, user.id)]
  }
  if (user.kind === 'teacher') return [await toolsPanel(ctx, ports, user.id)]
  return []
}
