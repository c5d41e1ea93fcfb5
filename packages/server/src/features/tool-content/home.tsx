/** The author's home panel: the tool's courses, each a way into its content. */
import { AUTHORS, mayUse } from '../../console/access.js'
import { counted, type HomePanel } from '../../console/home.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import { AUTHORING } from './paths.js'
import { listActivities, listCourses } from './repository.js'

export async function authoringHome(ctx: AppContext, principal: Principal): Promise<HomePanel[]> {
  if (!mayUse(principal, AUTHORS)) return []
  const courses = await listCourses(ctx.db)
  const rows = await Promise.all(
    courses.map(async (course) => ({
      course,
      activities: (await listActivities(ctx.db, course.id)).length,
    })),
  )
  return [
    {
      id: 'authoring',
      title: 'Courses you author',
      order: 30,
      body: (
        <>
          {rows.length === 0 ? (
            <p>No course yet.</p>
          ) : (
            <ul class="links" data-testid="home-authoring-list">
              {rows.map(({ course, activities }) => (
                <li key={course.id}>
                  <a href={AUTHORING.course(course.id)}>{course.title}</a>
                  <span class="muted">{` · ${counted(activities, 'activity', 'activities')}`}</span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={AUTHORING.newCourse}>New course</a>
          </p>
        </>
      ),
    },
  ]
}
