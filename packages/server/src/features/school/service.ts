import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { HttpProblem } from '../../http/problems.js'
import { writeManualGrade } from './assignments-repository.js'
import type { AssignmentRecord, Section, SectionEnrolment } from './model.js'
import { findUser, schoolIdsOf } from './repository.js'
import { enrol, findEnrolment } from './sections-repository.js'
import type { EnrolmentStatus, SectionRole } from './table.js'

/**
 * Rules shared by the API and the console: who may be enrolled, and which grades fit an
 * assignment. Each answers a client error as an HttpProblem (422 for a rule, 409 for a duplicate).
 */

/**
 * Enrols a user in `section` (call inside a transaction): students as students, teachers as
 * teachers or teaching assistants, and only members of the section's school. Parents reach
 * courses as mentors and administrators by their office: they are never enrolled.
 */
export async function enrolInSection(
  db: Kysely<Database>,
  section: Section,
  input: { readonly userId: string; readonly role: SectionRole; readonly status: EnrolmentStatus },
  now: number,
): Promise<SectionEnrolment> {
  const user = await findUser(db, input.userId)
  if (user === undefined) throw new HttpProblem(422, 'unknown user')
  const allowed = input.role === 'student' ? user.kind === 'student' : user.kind === 'teacher'
  if (!allowed) throw new HttpProblem(422, `a ${user.kind} cannot be enrolled as ${input.role}`)
  const schools = (await schoolIdsOf(db, [user.id])).get(user.id) ?? []
  if (!schools.includes(section.schoolId)) {
    throw new HttpProblem(422, 'the user does not belong to the section’s school')
  }
  const enrolment = await enrol(db, { sectionId: section.id, ...input }, now)
  if (enrolment === undefined) throw new HttpProblem(409, 'already enrolled')
  return enrolment
}

export interface GradeInput {
  readonly points?: number | null | undefined
  readonly mark?: string | null | undefined
  readonly comment?: string | null | undefined
}

/**
 * A teacher's grade for a student of the assignment's section: points for points assignments, a
 * mark or rubric level for the others.
 */
export async function gradeStudent(
  db: Kysely<Database>,
  assignment: AssignmentRecord,
  studentId: string,
  grade: GradeInput,
  now: number,
): Promise<void> {
  const enrolment = await findEnrolment(db, assignment.sectionId, studentId)
  if (enrolment?.role !== 'student') {
    throw new HttpProblem(422, 'grades go to students of the section')
  }
  const byPoints = assignment.scoring === 'points'
  if ((byPoints && grade.mark != null) || (!byPoints && grade.points != null)) {
    throw new HttpProblem(422, `a ${assignment.scoring} assignment takes no such grade`)
  }
  await writeManualGrade(db, { assignment, studentId, ...grade }, now)
}
