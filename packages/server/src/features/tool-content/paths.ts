/** Where the authoring pages and the content API live. */
const segment = encodeURIComponent

export const AUTHORING = {
  courses: '/console/tool/authoring',
  newCourse: '/console/tool/authoring/new',
  course: (course: string) => `/console/tool/authoring/${segment(course)}`,
  grade: (course: string) => `/console/tool/authoring/${segment(course)}/grade`,
  deleteCourse: (course: string) => `/console/tool/authoring/${segment(course)}/delete`,
  newActivity: (course: string) => `/console/tool/authoring/${segment(course)}/activities/new`,
  activity: (course: string, activity: string) =>
    `/console/tool/authoring/${segment(course)}/activities/${segment(activity)}`,
  question: (course: string, activity: string, question: string) =>
    `/console/tool/authoring/${segment(course)}/activities/${segment(activity)}/questions/${segment(question)}`,
} as const

export const CONTENT_API = '/api/tool/courses'
