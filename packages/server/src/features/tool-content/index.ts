import { AUTHORS } from '../../console/access.js'
import type { Principal } from '../../console/session.js'
import type { Feature } from '../feature.js'
import { activityAuthoringRoutes } from './activity-routes.js'
import { contentApi } from './api-routes.js'
import { courseAuthoringRoutes } from './authoring-routes.js'
import { authoringHome } from './home.js'
import { learnerRoutes } from './learner-routes.js'
import { AUTHORING } from './paths.js'
import { seedDemoCourse } from './seed.js'

/** The author "sign in as" offers with demo data: authors content, publishes nothing. */
export const DEMO_AUTHOR: Principal = {
  id: 'demo:author',
  name: 'Demo Course Author',
  roles: ['author'],
}

/**
 * The learning application the tool role serves: courses of content pages and quizzes, learner
 * progress and completion, conditions, and the learner pages a launch lands on; authoring of
 * that content in the console (Tool → Course authoring) and through `/api/tool/courses`.
 */
export const toolContentFeature: Feature = {
  name: 'tool-content',
  routes: async (app, ctx) => {
    await app.register(async (scope) => learnerRoutes(scope, ctx))
    await app.register(async (scope) => courseAuthoringRoutes(scope, ctx))
    await app.register(async (scope) => activityAuthoringRoutes(scope, ctx))
    await app.register(async (scope) => contentApi(scope, ctx))
  },
  nav: [
    {
      section: 'tool',
      label: 'Course authoring',
      href: AUTHORING.courses,
      order: 5,
      roles: AUTHORS,
    },
  ],
  home: authoringHome,
  seeders: [{ name: 'tool.demo-course', seed: async (ctx) => void (await seedDemoCourse(ctx)) }],
  demoIdentities: async () => [DEMO_AUTHOR],
}

export {
  createCourse,
  type CourseDraft,
  DEMO_COURSE,
  DEMO_COURSE_EXTERNAL_ID,
  seedDemoCourse,
} from './seed.js'
