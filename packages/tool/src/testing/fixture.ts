import type { LtiToolOptions } from '../config.js'
import {
  buildLti11Launch,
  createKeyRing,
  generateSigningKey,
  type KeyRing,
  type LaunchMessageClaims,
  publicJwks,
  type SigningKey,
} from '../internal/core.js'
import type { Activity, ConsumerKey, Course, Publication } from '../records.js'
import type { LaunchContext } from '../sessions.js'
import { createLtiTool, type LtiTool } from '../tool.js'
import {
  type AuthenticationStep,
  authenticationStep,
  idToken,
  launchPost,
  type LoginRequestOptions,
  loginRequest,
  resourceLinkMessage,
  type ResourceLinkOptions,
} from './flows.js'
import { createMemoryPorts, type MemoryPorts } from './memory-ports.js'
import { TestPlatform } from './test-platform.js'

/** 2025-03-01T10:00:00Z: every fixture starts at this frozen time. */
export const FIXTURE_START = Date.parse('2025-03-01T10:00:00.000Z')

export const COURSE: Course = {
  id: 'course-1',
  title: 'Safety basics',
  externalId: 'SAFE-101',
  gradeActivityId: 'activity-final',
}

export const COURSE_2: Course = {
  id: 'course-2',
  title: 'Forklift driving',
  externalId: 'FORK-201',
}

export const ACTIVITIES: readonly Activity[] = [
  { id: 'activity-intro', courseId: 'course-1', title: 'Introduction' },
  { id: 'activity-final', courseId: 'course-1', title: 'Final test', scoreMaximum: 20 },
]

export const PUBLICATION: Publication = {
  id: 'publication-1',
  name: 'Safety basics for partners',
  courseId: 'course-1',
  enabled: true,
  roleMapping: { instructor: 'editingteacher', learner: 'student' },
  grades: { sendBack: true, onlyOnCompletion: true },
  memberSync: { trigger: 'off', mode: 'both' },
  userDefaults: { country: 'NL', timezone: 'Europe/Amsterdam', language: 'nl' },
}

export const CONSUMER: ConsumerKey = {
  key: 'consumer-key-1',
  secret: 'consumer-secret-1',
  name: 'Partner Moodle',
  lmsIdPrefix: 'moodle1',
  enabled: true,
}

/** Options of {@link createFixture}. */
export interface FixtureOptions {
  readonly publication?: Partial<Publication>
  readonly publications?: readonly Publication[]
  readonly tool?: Partial<Omit<LtiToolOptions, 'ports'>>
  /** Origin of the platform's token endpoint and services (a loopback server for a real peer). */
  readonly serviceOrigin?: string
}

/** Options of {@link Fixture.launch13}. */
export interface Launch13Options extends Partial<ResourceLinkOptions> {
  /** `null` leaves `sub` out (an anonymous launch). */
  readonly subject?: string | null
  readonly login?: Partial<LoginRequestOptions>
  /** Replaces the message claims entirely (for negative tests). */
  readonly message?: LaunchMessageClaims
  /** Drops the state cookie, as a browser blocking third-party cookies does. */
  readonly withoutCookie?: boolean
}

/** A tool over memory ports, a test platform made of core functions, and a frozen clock. */
export interface Fixture {
  readonly tool: LtiTool
  readonly ports: MemoryPorts
  readonly platform: TestPlatform
  readonly keyRing: KeyRing
  readonly launches: LaunchContext[]
  readonly clock: () => number
  advance(ms: number): void
  /** Login, authentication and id_token post; the tool's answer and the login's parameters. */
  launch13(options?: Launch13Options): Promise<{ response: Response; step: AuthenticationStep }>
  /** A signed LTI 1.1 launch request. */
  lti11Request(
    params: Readonly<Record<string, string>>,
    options?: { custom?: Record<string, string>; url?: string; secret?: string },
  ): Promise<Request>
}

let keys: Promise<readonly [SigningKey, SigningKey]> | undefined

/** RSA keys are slow to generate; fixtures share two (keys are immutable, state is not). */
function sharedKeys(): Promise<readonly [SigningKey, SigningKey]> {
  keys ??= Promise.all([generateSigningKey(), generateSigningKey()])
  return keys
}

/** Builds a fresh {@link Fixture}; no state is shared between two of them. */
export async function createFixture(options: FixtureOptions = {}): Promise<Fixture> {
  let now = FIXTURE_START
  const clock = () => now
  const [toolKey, platformKey] = await sharedKeys()
  const keyRing = createKeyRing({ current: toolKey })
  const platform = await TestPlatform.create({
    clock,
    signingKey: platformKey,
    toolJwks: () => Promise.resolve(publicJwks(keyRing)),
    consumer: { key: CONSUMER.key, secret: CONSUMER.secret },
    ...(options.serviceOrigin === undefined ? {} : { serviceOrigin: options.serviceOrigin }),
  })
  const ports = createMemoryPorts({
    keyRing,
    clock,
    registrations: [platform.registration()],
    consumerKeys: [CONSUMER],
    courses: [COURSE, COURSE_2],
    activities: ACTIVITIES,
    publications: options.publications ?? [{ ...PUBLICATION, ...options.publication }],
  })
  const launches: LaunchContext[] = []
  const tool = createLtiTool({
    ports,
    publicUrl: 'https://tool.example.com/',
    userAgent: 'ltihub-test/1.0 (+https://tool.example.com)',
    toolName: 'Test tool',
    clock,
    fetch: platform.fetch,
    onLaunch: (launch) => {
      launches.push(launch)
      return new Response(`welcome ${launch.sessionId}`, { status: 200 })
    },
    ...options.tool,
  })
  const launch13 = async (launch: Launch13Options = {}) => {
    const targetLinkUri = launch.targetLinkUri ?? tool.urls.launch
    const login = await tool.handle(
      loginRequest(platform, tool.urls.login, { targetLinkUri, ...launch.login }),
    )
    const step = await authenticationStep(platform, login, [tool.urls.launch])
    const message = launch.message ?? resourceLinkMessage({ ...launch, targetLinkUri })
    const subject = launch.subject === null ? undefined : (launch.subject ?? 'user-1')
    const token = await idToken(platform, step.nonce, message, subject, clock)
    const cookie = launch.withoutCookie === true ? undefined : step.cookie
    const response = await tool.handle(
      launchPost(step.redirectUri, { id_token: token, state: step.state }, cookie),
    )
    return { response, step }
  }
  const lti11Request = async (
    params: Readonly<Record<string, string>>,
    extra: { custom?: Record<string, string>; url?: string; secret?: string } = {},
  ) => {
    const { url, fields } = await buildLti11Launch({
      launchUrl: extra.url ?? tool.urls.launch,
      consumerKey: CONSUMER.key,
      secret: extra.secret ?? CONSUMER.secret,
      params: { resource_link_id: 'link-11', ...params },
      ...(extra.custom === undefined ? {} : { custom: extra.custom }),
      clock,
    })
    return new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    })
  }
  return {
    tool,
    ports,
    platform,
    keyRing,
    launches,
    clock,
    advance: (ms) => {
      now += ms
    },
    launch13,
    lti11Request,
  }
}
