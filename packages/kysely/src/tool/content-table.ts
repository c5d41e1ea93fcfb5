/**
 * The learning application's content: courses made of activities (content pages and quizzes),
 * quiz questions, and each learner's progress per activity. Times are epoch ms; JSON is text.
 */

/** `tool_courses`: a course, named by consumers through its external ID. */
export interface ToolCoursesTable {
  id: string
  title: string
  /** Unique when set; consumers name the course by it (custom parameter `course` or URL path). */
  external_id: string | null
  description: string | null
  /** "Base course grade on": the activity whose result goes back to the platform. */
  grade_activity_id: string | null
  created_at: number
}

export type ActivityKind = 'page' | 'quiz'

/** `tool_activities`: a content page or a quiz, in course order. */
export interface ToolActivitiesTable {
  id: string
  course_id: string
  position: number
  kind: ActivityKind
  title: string
  /** Plain text of a content page (rendered escaped), or a quiz's introduction. */
  body: string
  /** JSON array of activity ids that must be complete before this one opens (conditions). */
  requires: string
  created_at: number
}

/** `tool_questions`: one multiple-choice question of a quiz. */
export interface ToolQuestionsTable {
  id: string
  activity_id: string
  position: number
  prompt: string
  /** JSON array of answer texts. */
  choices: string
  /** Index into `choices` of the right answer. */
  correct_index: number
}

export type ProgressState = 'started' | 'completed'

/** `tool_progress`: a learner's state on one activity. */
export interface ToolProgressTable {
  learner_id: string
  activity_id: string
  course_id: string
  state: ProgressState
  /** Fraction 0..1 of a completed quiz; null for pages. */
  score: number | null
  correct: number | null
  total: number | null
  updated_at: number
  completed_at: number | null
}

export interface ToolContentTables {
  tool_courses: ToolCoursesTable
  tool_activities: ToolActivitiesTable
  tool_questions: ToolQuestionsTable
  tool_progress: ToolProgressTable
}
