/**
 * A small seeded school district on memory ports, for tests of the platform layer and of hosts
 * built on it (the server's tests use it too). Data is fictional. The clock is frozen and can be
 * moved with `world.advance(ms)`; outbound HTTP goes to `world.routes` only.
 */
import { standardEndpoints, type PlatformDeps } from '../config.js'
import {
  AccessTokenIssuer,
  createKeyRing,
  generateSigningKey,
  MemoryNonceStore,
  RemoteKeySets,
  SCOPE,
} from '../internal/core.js'
import type { Enrolment, LmsContext, LmsUser, ResourceLink, ToolConnection } from '../ports.js'
import {
  MemoryConnectionStore,
  MemoryDeepLinkingSessionStore,
  MemoryKeyProvider,
  MemoryLaunchIntentStore,
  MemoryRegistrationTokenStore,
  MemorySourcedIdStore,
} from './memory-config.js'
import { MemoryGradeBook, MemoryLineItemStore, MemoryResultStore } from './memory-grades.js'
import {
  MemoryEmbeddedContentStore,
  MemoryLmsDirectory,
  MemoryResourceLinkStore,
} from './memory-lms.js'

/** 2025-01-15T10:00:00Z: the frozen "now" of every world. */
export const WORLD_EPOCH = Date.UTC(2025, 0, 15, 10, 0, 0)

export const PLATFORM_BASE = 'https://lms.example.edu'
export const TOOL_ORIGIN = 'https://tool.example.com'

function user(id: string, kind: LmsUser['kind'], extra: Partial<LmsUser> = {}): LmsUser {
  return {
    id,
    kind,
    schoolIds: ['school-hs'],
    menteeIds: [],
    canUseExternalTools: kind === 'teacher',
    ...extra,
  }
}

/** The people of the world: a teacher, two students (one never launched), a parent, an admin. */
export const WORLD_USERS = {
  teacher: user('u-teacher', 'teacher', {
    givenName: 'Tess',
    familyName: 'Teacher',
    fullName: 'Tess Teacher',
    email: 'tess@lms.example.edu',
  }),
  student: user('u-student', 'student', {
    givenName: 'Sam',
    familyName: 'Student',
    fullName: 'Sam Student',
    email: 'sam@lms.example.edu',
    sourcedId: 'sis-sam',
    lti11UserId: 'legacy-sam',
  }),
  student2: user('u-student2', 'student', { givenName: 'Nia', familyName: 'Never' }),
  parent: user('u-parent', 'parent', { menteeIds: ['u-student'], fullName: 'Pat Parent' }),
  admin: user('u-admin', 'admin', { email: 'admin@lms.example.edu' }),
  outsider: user('u-outsider', 'student', { schoolIds: ['school-ms'] }),
} as const

export const WORLD_CONTEXT: LmsContext = {
  id: 'ctx-bio-2',
  schoolId: 'school-hs',
  title: 'Biology 2 (Period 3)',
  label: 'BIO2-P3',
  courseSourcedId: 'sis-course-bio2',
  sectionSourcedId: 'sis-section-bio2-p3',
  history: ['ctx-bio-1', 'ctx-bio-0'],
}

/** A section of a school the tool is not deployed in. */
export const FOREIGN_CONTEXT: LmsContext = {
  id: 'ctx-ms-math',
  schoolId: 'school-ms',
  title: 'Math 7',
  history: [],
}

const ENROLMENTS: Enrolment[] = [
  { contextId: WORLD_CONTEXT.id, userId: 'u-teacher', role: 'teacher', status: 'active' },
  { contextId: WORLD_CONTEXT.id, userId: 'u-student', role: 'student', status: 'active' },
  { contextId: WORLD_CONTEXT.id, userId: 'u-student2', role: 'student', status: 'inactive' },
  { contextId: FOREIGN_CONTEXT.id, userId: 'u-outsider', role: 'student', status: 'active' },
]

/** The tool's LTI 1.3 + 1.1 connection, enabled for the high school only. */
export function worldConnection(overrides: Partial<ToolConnection> = {}): ToolConnection {
  return {
    id: 'conn-quiz',
    name: 'Quizzly (HS)',
    status: 'active',
    schoolIds: ['school-hs'],
    features: {
      learningTool: true,
      scorePassback: true,
      assignmentResource: true,
      embeddableContent: true,
    },
    learningToolsList: { student: true, parent: false },
    privacy: { sendName: true, sendEmail: true },
    customParameters: { section_history: '$Context.id.history' },
    lti11: {
      launchUrl: `${TOOL_ORIGIN}/lti11/launch`,
      consumerKey: 'quizzly-key',
      secret: 'quizzly-secret',
    },
    lti13: {
      issuer: PLATFORM_BASE,
      clientId: 'client-quiz',
      initiateLoginUri: `${TOOL_ORIGIN}/lti/login`,
      redirectUris: [`${TOOL_ORIGIN}/lti/launch`],
      targetLinkUri: `${TOOL_ORIGIN}/lti/launch`,
      deepLinkingUri: `${TOOL_ORIGIN}/lti/deep-link`,
      jwksUri: `${TOOL_ORIGIN}/.well-known/jwks.json`,
      allowedScopes: [
        SCOPE.lineItem,
        SCOPE.lineItemReadOnly,
        SCOPE.resultReadOnly,
        SCOPE.score,
        SCOPE.contextMembershipReadOnly,
      ],
      deployments: [{ deploymentId: 'dep-hs', schoolIds: ['school-hs'] }],
    },
    ...overrides,
  }
}

/** Another tool's connection in the same school, for isolation tests. */
export function otherConnection(): ToolConnection {
  const base = worldConnection()
  if (base.lti13 === undefined) throw new TypeError('the world connection has LTI 1.3')
  return {
    ...base,
    id: 'conn-other',
    name: 'Other tool',
    lti11: {
      launchUrl: 'https://other.example.com/launch',
      consumerKey: 'other-key',
      secret: 'other-secret',
    },
    lti13: {
      ...base.lti13,
      clientId: 'client-other',
      initiateLoginUri: 'https://other.example.com/login',
      redirectUris: ['https://other.example.com/launch'],
      targetLinkUri: 'https://other.example.com/launch',
      jwksUri: 'https://other.example.com/jwks',
      deployments: [{ deploymentId: 'dep-other', schoolIds: ['school-hs'] }],
    },
  }
}

export const WORLD_LINK: ResourceLink = {
  id: 'rl-quiz-7',
  contextId: WORLD_CONTEXT.id,
  connectionId: 'conn-quiz',
  title: 'Quiz 7: Cells',
  description: 'Ten questions on cell biology',
  custom: { quiz: '7', link_history: '$ResourceLink.id.history' },
  assignmentId: 'asg-quiz-7',
  history: ['rl-quiz-7-2024', 'rl,quiz-2023'],
}

/** A world: memory ports, a frozen clock, and HTTP routes for injected fetches. */
export interface World {
  readonly deps: PlatformDeps
  readonly directory: MemoryLmsDirectory
  readonly connections: MemoryConnectionStore
  readonly resourceLinks: MemoryResourceLinkStore
  readonly lineItems: MemoryLineItemStore
  readonly results: MemoryResultStore
  readonly gradeBook: MemoryGradeBook
  readonly embeddedContent: MemoryEmbeddedContentStore
  readonly launchIntents: MemoryLaunchIntentStore
  readonly deepLinkingSessions: MemoryDeepLinkingSessionStore
  readonly sourcedIds: MemorySourcedIdStore
  readonly registrationTokens: MemoryRegistrationTokenStore
  readonly keys: MemoryKeyProvider
  /** Outbound HTTP: URL (without query) → handler. Anything else fails like a dead host. */
  readonly routes: Map<string, (request: Request) => Response | Promise<Response>>
  readonly fetch: typeof fetch
  now(): number
  advance(ms: number): void
}

/** RSA key generation is slow; every world of a process shares one platform key. */
let platformKey: ReturnType<typeof generateSigningKey> | undefined

/** Builds a fresh world. Each test should build its own. */
export async function createWorld(): Promise<World> {
  let now = WORLD_EPOCH
  const clock = () => now
  const routes = new Map<string, (request: Request) => Response | Promise<Response>>()
  const worldFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    const route = routes.get(`${url.origin}${url.pathname}`)
    if (route === undefined)
      throw new TypeError(`fetch failed: no route to ${url.origin}${url.pathname}`)
    return route(request)
  }
  const directory = new MemoryLmsDirectory({
    users: Object.values(WORLD_USERS),
    contexts: [WORLD_CONTEXT, FOREIGN_CONTEXT],
    enrolments: ENROLMENTS,
    assignments: [
      {
        id: 'asg-quiz-7',
        contextId: WORLD_CONTEXT.id,
        title: 'Quiz 7',
        scoringType: 'points',
        pointsPossible: 20,
      },
      { id: 'asg-essay', contextId: WORLD_CONTEXT.id, title: 'Essay', scoringType: 'rubric' },
      { id: 'asg-lab', contextId: WORLD_CONTEXT.id, title: 'Lab', scoringType: 'marks' },
    ],
  })
  const connections = new MemoryConnectionStore([worldConnection(), otherConnection()])
  const resourceLinks = new MemoryResourceLinkStore([WORLD_LINK])
  const results = new MemoryResultStore()
  const lineItems = new MemoryLineItemStore(results)
  const gradeBook = new MemoryGradeBook()
  const embeddedContent = new MemoryEmbeddedContentStore()
  const launchIntents = new MemoryLaunchIntentStore()
  const deepLinkingSessions = new MemoryDeepLinkingSessionStore()
  const sourcedIds = new MemorySourcedIdStore()
  const registrationTokens = new MemoryRegistrationTokenStore()
  const keys = new MemoryKeyProvider(
    createKeyRing({
      current: await (platformKey ??= generateSigningKey({ kid: 'platform-key-1' })),
    }),
  )
  const deps: PlatformDeps = {
    settings: {
      issuer: PLATFORM_BASE,
      endpoints: standardEndpoints(PLATFORM_BASE),
      instance: {
        guid: 'lms-example-district',
        name: 'Example District LMS',
        productFamilyCode: 'ltihub',
        version: '0.1.0',
        contactEmail: 'lms-admin@lms.example.edu',
      },
    },
    clock,
    directory,
    resourceLinks,
    embeddedContent,
    lineItems,
    results,
    gradeBook,
    connections,
    launchIntents,
    deepLinkingSessions,
    sourcedIds,
    registrationTokens,
    keys,
    nonces: new MemoryNonceStore(clock),
    accessTokens: new AccessTokenIssuer({
      secret: new Uint8Array(32).fill(7),
      issuer: PLATFORM_BASE,
      clock,
    }),
    launchHintSecret: new Uint8Array(32).fill(9),
    toolKeySets: new RemoteKeySets({ fetch: worldFetch }),
    fetch: worldFetch,
  }
  return {
    deps,
    directory,
    connections,
    resourceLinks,
    lineItems,
    results,
    gradeBook,
    embeddedContent,
    launchIntents,
    deepLinkingSessions,
    sourcedIds,
    registrationTokens,
    keys,
    routes,
    fetch: worldFetch,
    now: () => now,
    advance: (ms) => {
      now += ms
    },
  }
}
