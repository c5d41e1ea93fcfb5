/**
 * Home panels of the school model: the district's figures for its administrators, and the
 * sections a teacher teaches with their assignments and grade book.
 */
import { DISTRICT_ADMINISTRATORS, mayUse } from '../../console/access.js'
import { counted, type HomePanel } from '../../console/home.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import { listSchools, listUsers, findUser } from './repository.js'
import { findEnrolment, listCourses, listSections } from './sections-repository.js'

const enc = encodeURIComponent

async function districtPanel(ctx: AppContext): Promise<HomePanel> {
  const [schools, people, courses] = await Promise.all([
    listSchools(ctx.db),
    listUsers(ctx.db),
    listCourses(ctx.db),
  ])
  return {
    id: 'district',
    title: 'District',
    order: 10,
    body: (
      <ul class="links">
        <li>
          <a href="/console/platform/schools">{counted(schools.length, 'school')}</a>
        </li>
        <li>
          <a href="/console/platform/people">{`${counted(people.length, 'person', 'people')} and their rights`}</a>
        </li>
        <li>
          <a href="/console/platform/courses">{`${counted(courses.length, 'course')} and their sections`}</a>
        </li>
      </ul>
    ),
  }
}

async function teachingPanel(ctx: AppContext, userId: string): Promise<HomePanel> {
  const sections = []
  for (const section of await listSections(ctx.db, { userId })) {
    const enrolment = await findEnrolment(ctx.db, section.id, userId)
    if (enrolment?.status === 'active' && enrolment.role !== 'student') sections.push(section)
  }
  return {
    id: 'sections',
    title: 'Your sections',
    order: 10,
    wide: true,
    body:
      sections.length === 0 ? (
        <p>You teach no section yet.</p>
      ) : (
        <ul class="links" data-testid="home-section-list">
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`/console/platform/sections/${enc(section.id)}`}>
                {`${section.courseTitle} (${section.label}, ${section.term})`}
              </a>
              {': '}
              <a href={`/console/platform/sections/${enc(section.id)}/assignments`}>Assignments</a>
              {' · '}
              <a href={`/console/platform/sections/${enc(section.id)}/grades`}>Grade book</a>
            </li>
          ))}
        </ul>
      ),
  }
}

/** The school's panels for this person's home. */
export async function schoolHome(ctx: AppContext, principal: Principal): Promise<HomePanel[]> {
  const panels: HomePanel[] = []
  if (mayUse(principal, DISTRICT_ADMINISTRATORS)) panels.push(await districtPanel(ctx))
  if (principal.roles.includes('teacher')) {
    const user = await findUser(ctx.db, principal.id)
    if (user?.kind === 'teacher') panels.push(await teachingPanel(ctx, user.id))
  }
  return panels
}
