/**
 * Test helpers for the tool role over real HTTP: set up content, keys, registrations and
 * publications through the repositories, and act as the learner's browser (form posts, the state
 * cookie, following the tool's redirects).
 */
import type { Publication } from '@ltihub/tool'
import type { AppContext } from '../../../context.js'
import { createCourse, DEMO_COURSE } from '../../tool-content/seed.js'
import { createConsumerKey, savePublication, sqlRegistrationStore } from '@ltihub/kysely/tool'
import type { PlatformUser, TestPlatform } from './test-platform.js'

export const LMS11_PREFIX = 'lms11'
export const LMS13_PREFIX = 'lms13'

export interface ToolWorld {
  readonly courseId: string
  readonly quizId: string
  readonly introId: string
  readonly registrationId: string
}

/** The demo course, the platform's 1.1 consumer key and its 1.3 registration. */
export async function setUpTool(ctx: AppContext, platform: TestPlatform): Promise<ToolWorld> {
  const course = await createCourse(ctx.db, DEMO_COURSE, ctx.clock())
  await createConsumerKey(ctx.db, ctx, {
    key: platform.consumer.key,
    secret: platform.consumer.secret,
    name: 'Test LMS (1.1)',
    lmsIdPrefix: LMS11_PREFIX,
    enabled: true,
  })
  const registration = await sqlRegistrationStore(ctx.db, ctx.clock).upsert({
    name: 'Test LMS (1.3)',
    issuer: platform.issuer,
    clientId: platform.clientId,
    authLoginUrl: platform.urls.auth,
    authTokenUrl: platform.urls.token,
    jwksUrl: platform.urls.jwks,
    deploymentPolicy: 'accept',
    lmsIdPrefix: LMS13_PREFIX,
    enabled: true,
  })
  return {
    courseId: course.courseId,
    quizId: course.activityIds['quiz'] ?? '',
    introId: course.activityIds['intro'] ?? '',
    registrationId: registration.id,
  }
}

/** Publishes the course with the given settings over sensible defaults. */
export async function publish(
  ctx: AppContext,
  world: ToolWorld,
  overrides: Partial<Publication> = {},
): Promise<Publication> {
  const publication: Publication = {
    id: crypto.randomUUID(),
    name: 'Safe lab practice for the LMS',
    courseId: world.courseId,
    enabled: true,
    roleMapping: { instructor: 'teacher', learner: 'student' },
    grades: { sendBack: true, onlyOnCompletion: true },
    memberSync: { trigger: 'off', mode: 'enrol-new' },
    userDefaults: { country: 'NL', timezone: 'Europe/Amsterdam', language: 'en' },
    ...overrides,
  }
  await savePublication(ctx.db, publication, ctx.clock())
  return publication
}

/**
 * Where the tool is: its public URL (what platforms sign and name) and the address the test
 * reaches it at (the same server; `localhost` may resolve to another address family).
 */
export interface ToolAddress {
  readonly publicBase: string
  readonly httpBase: string
}

export function toolAddress(server: { url: string; config: { publicUrl: string } }): ToolAddress {
  return { publicBase: server.config.publicUrl.replace(/\/$/, ''), httpBase: server.url }
}

/** A public tool URL rewritten to the address the test reaches the server at. */
export function reach(tool: ToolAddress, url: string): string {
  return url.startsWith(tool.publicBase)
    ? `${tool.httpBase}${url.slice(tool.publicBase.length)}`
    : url
}

/** Posts a signed 1.1 launch to `path` (under the tool's public URL); resolves the answer. */
export async function launch11(
  platform: TestPlatform,
  tool: ToolAddress,
  path: string,
  user: PlatformUser,
  options: { custom?: Record<string, string>; secret?: string; consumerKey?: string } = {},
): Promise<Response> {
  const form = await platform.lti11Launch({
    launchUrl: `${tool.publicBase}${path}`,
    user,
    ...options,
  })
  return fetch(reach(tool, form.url), { method: 'POST', body: form.body, redirect: 'manual' })
}

function unescapeHtml(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'")
}

/** Steps 1–3 of an LTI 1.3 launch as a browser makes them, up to the final form post. */
export async function prepareLaunch13(
  platform: TestPlatform,
  tool: ToolAddress,
  user: PlatformUser,
  custom: Record<string, string>,
  kind: 'resource-link' | 'deep-linking' = 'resource-link',
): Promise<{ action: string; fields: URLSearchParams; cookie: string }> {
  const launchUrl = `${tool.publicBase}/tool/lti/launch`
  const login = await fetch(
    reach(tool, platform.loginInitiation(`${tool.publicBase}/tool/lti/login`, launchUrl, user.id)),
    { redirect: 'manual' },
  )
  const page = await login.text()
  const href = /id="ltihub-continue" href="([^"]+)"/.exec(page)?.[1]
  if (href === undefined) {
    const body = page.slice(page.indexOf('<body>'), page.indexOf('<body>') + 400)
    throw new Error(`no authentication request in the login page: ${body}`)
  }
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const answer = await platform.authorize(unescapeHtml(href), launchUrl, user, custom, kind)
  return { action: reach(tool, answer.action), fields: answer.fields, cookie }
}

/** Posts the authentication response (step 3) with the state cookie. */
export function postLaunch13(prepared: {
  action: string
  fields: URLSearchParams
  cookie: string
}) {
  return fetch(prepared.action, {
    method: 'POST',
    body: prepared.fields,
    headers: { cookie: prepared.cookie },
    redirect: 'manual',
  })
}

/** The whole LTI 1.3 launch as a browser makes it: login, authentication, form post. */
export async function launch13(
  platform: TestPlatform,
  tool: ToolAddress,
  user: PlatformUser,
  custom: Record<string, string>,
): Promise<Response> {
  return postLaunch13(await prepareLaunch13(platform, tool, user, custom))
}

/** Follows a launch's redirect to the learner's course page URL. */
export function learnerUrl(tool: ToolAddress, response: Response): string {
  const location = response.headers.get('location')
  if (response.status !== 303 || location === null) {
    throw new Error(`the launch did not succeed: ${response.status}`)
  }
  return new URL(location, tool.httpBase).href
}

/** The right answers of the demo quiz, in order. */
const RIGHT = [1, 1, 0, 0, 0]

/**
 * Reads the intro page, marks it complete, opens the quiz and answers `correct` of its five
 * questions right. Resolves the result page's text.
 */
export async function takeDemoQuiz(
  course: string,
  world: ToolWorld,
  correct: number,
): Promise<string> {
  const complete = await fetch(`${course}/activity/${world.introId}/complete`, {
    method: 'POST',
    redirect: 'manual',
  })
  if (complete.status !== 303) throw new Error(`could not complete the page: ${complete.status}`)
  const quiz = await (await fetch(`${course}/activity/${world.quizId}`)).text()
  const names = [...quiz.matchAll(/name="(q_[^"]+)" value="0"/g)].map((m) => m[1] ?? '')
  if (names.length !== RIGHT.length) throw new Error('the quiz page does not list five questions')
  const answers = new URLSearchParams()
  names.forEach((name, index) => {
    const right = RIGHT[index] ?? 0
    answers.set(name, String(index < correct ? right : right === 0 ? 1 : 0))
  })
  const result = await fetch(`${course}/activity/${world.quizId}/answers`, {
    method: 'POST',
    body: answers,
  })
  if (result.status !== 200) throw new Error(`answers refused: ${result.status}`)
  return result.text()
}
