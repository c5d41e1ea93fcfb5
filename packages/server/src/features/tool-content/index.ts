import type { Feature } from '../feature.js'
import { learnerRoutes } from './learner-routes.js'
import { seedDemoCourse } from './seed.js'

/**
 * The learning application the tool role serves: courses of content pages and quizzes, learner
 * progress and completion, conditions, and the learner pages a launch lands on.
 */
export const toolContentFeature: Feature = {
  name: 'tool-content',
  routes: learnerRoutes,
  seeders: [{ name: 'tool.demo-course', seed: async (ctx) => void (await seedDemoCourse(ctx)) }],
}

export {
  createCourse,
  type CourseDraft,
  DEMO_COURSE,
  DEMO_COURSE_EXTERNAL_ID,
  seedDemoCourse,
} from './seed.js'
