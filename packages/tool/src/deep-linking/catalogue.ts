import type { ToolPorts } from '../ports.js'
import type { Activity, Course, Publication } from '../records.js'
import { isOfferedTo } from '../launch/provision.js'

/** One thing an instructor can pick: a published course, or one activity of it. */
export interface Pickable {
  /** `<publication id>` or `<publication id>/<activity id>`: the value the picker posts. */
  readonly key: string
  readonly title: string
  readonly publication: Publication
  readonly course: Course
  readonly activity?: Activity
  /** Points of the line item to create, when results of this item go back to the platform. */
  readonly scoreMaximum?: number
}

/** Default points of a line item whose activity names none. */
const DEFAULT_SCORE_MAXIMUM = 100

/**
 * The items a platform's instructor can pick: every enabled publication offered to this
 * registration, as a whole and activity by activity. An item gets a line item when its
 * publication sends grades back and it is graded: the whole course (graded through its grade
 * activity) or the activity the grade is based on.
 */
export async function pickablesFor(
  ports: Pick<ToolPorts, 'publications' | 'content'>,
  registrationId: string,
  lmsIdPrefix: string,
): Promise<readonly Pickable[]> {
  const consumer = { kind: 'lti13', registrationId, lmsIdPrefix } as const
  const offered = (await ports.publications.list()).filter(
    (publication) => publication.enabled && isOfferedTo(publication, consumer),
  )
  const pickables: Pickable[] = []
  for (const publication of offered) {
    const course = await ports.content.getCourse(publication.courseId)
    if (course === undefined) continue
    const gradeActivityId = publication.activityId ?? course.gradeActivityId
    const graded = publication.grades.sendBack
    const published =
      publication.activityId === undefined
        ? undefined
        : await ports.content.getActivity(publication.activityId)
    const activities =
      publication.activityId === undefined ? await ports.content.listActivities(course.id) : []
    pickables.push({
      key: publication.id,
      title: publication.name,
      publication,
      course,
      ...(published === undefined ? {} : { activity: published }),
      ...(graded ? { scoreMaximum: published?.scoreMaximum ?? DEFAULT_SCORE_MAXIMUM } : {}),
    })
    for (const activity of activities) {
      const isGradeActivity = graded && activity.id === gradeActivityId
      pickables.push({
        key: `${publication.id}/${activity.id}`,
        title: `${publication.name}: ${activity.title}`,
        publication,
        course,
        activity,
        ...(isGradeActivity
          ? { scoreMaximum: activity.scoreMaximum ?? DEFAULT_SCORE_MAXIMUM }
          : {}),
      })
    }
  }
  return pickables
}
