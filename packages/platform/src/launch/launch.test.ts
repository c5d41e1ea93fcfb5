import { beforeEach, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE, SCOPE, verifyLti1p1Claim } from '../internal/core.js'
import { isPlatformError, type PlatformErrorCode } from '../errors.js'
import { createTestTool, readAutoPost, type TestTool } from '../testing/test-tool.js'
import {
  createWorld,
  PLATFORM_BASE,
  TOOL_ORIGIN,
  type World,
  WORLD_CONTEXT,
  WORLD_LINK,
  worldConnection,
} from '../testing/world.js'
import { handleAuthenticationRequest } from './authorize.js'
import { startLaunch, type StartLaunchInput } from './start.js'

const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const MENTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'

let world: World
let tool: TestTool

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
})

const linkLaunch = (userId: string, extra: Partial<StartLaunchInput> = {}): StartLaunchInput => ({
  userId,
  target: { kind: 'resource-link', resourceLinkId: WORLD_LINK.id },
  presentation: 'iframe',
  ...extra,
})

/** The whole round trip: start, tool's authentication request, platform's answer. */
async function launch(userId: string, extra: Partial<StartLaunchInput> = {}) {
  const start = await startLaunch(world.deps, linkLaunch(userId, extra))
  const auth = tool.authenticationRequest(start.url)
  const response = await handleAuthenticationRequest(auth.request, world.deps, { userId })
  const fields = await readAutoPost(response)
  return { start, auth, response, fields }
}

async function expectPlatformError(promise: Promise<unknown>, code: PlatformErrorCode) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isPlatformError(error, code), String(error)).toBe(true)
}

describe('startLaunch', () => {
  it('builds the login initiation (GET and POST) with the storage target', async () => {
    const start = await startLaunch(
      world.deps,
      linkLaunch('u-teacher', { storageTarget: '_parent' }),
    )
    const url = new URL(start.url)
    expect(url.origin + url.pathname).toBe(`${TOOL_ORIGIN}/lti/login`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      iss: PLATFORM_BASE,
      login_hint: 'u-teacher',
      target_link_uri: `${TOOL_ORIGIN}/lti/launch`,
      lti_message_hint: start.messageHint,
      client_id: 'client-quiz',
      lti_deployment_id: 'dep-hs',
      lti_storage_target: '_parent',
    })
    expect(start.action).toBe(`${TOOL_ORIGIN}/lti/login`)
    expect(start.fields).toEqual(Object.fromEntries(url.searchParams))
    expect(start.intentId.length).toBeGreaterThanOrEqual(32)
    expect(start.messageHint.startsWith(`${start.intentId}.`)).toBe(true)
  })

  it('uses the link URL from deep linking as target_link_uri', async () => {
    world.resourceLinks.links.set('rl-2', { ...WORLD_LINK, id: 'rl-2', url: `${TOOL_ORIGIN}/q/2` })
    const start = await startLaunch(world.deps, {
      ...linkLaunch('u-student'),
      target: { kind: 'resource-link', resourceLinkId: 'rl-2' },
    })
    expect(new URL(start.url).searchParams.get('target_link_uri')).toBe(`${TOOL_ORIGIN}/q/2`)
  })

  it.each<[string, () => void, StartLaunchInput, PlatformErrorCode]>([
    ['an unknown user', () => {}, linkLaunch('nobody'), 'ERR_LTI_PLATFORM_LOGIN_REQUIRED'],
    [
      'an unknown link',
      () => {},
      { ...linkLaunch('u-teacher'), target: { kind: 'resource-link', resourceLinkId: 'nope' } },
      'ERR_LTI_PLATFORM_NOT_FOUND',
    ],
    [
      'a user of another school',
      () => {},
      linkLaunch('u-outsider'),
      'ERR_LTI_PLATFORM_LAUNCH_DENIED',
    ],
    ['an inactive enrolment', () => {}, linkLaunch('u-student2'), 'ERR_LTI_PLATFORM_LAUNCH_DENIED'],
    [
      'a disabled connection',
      () => world.connections.put(worldConnection({ status: 'disabled' })),
      linkLaunch('u-teacher'),
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
    [
      'a connection pending approval',
      () => world.connections.put(worldConnection({ status: 'pending' })),
      linkLaunch('u-teacher'),
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
    [
      'a connection not enabled for the school',
      () => world.connections.put(worldConnection({ schoolIds: ['school-ms'] })),
      linkLaunch('u-teacher'),
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
    [
      'a connection without LTI 1.3',
      () => {
        const { lti13: _dropped, ...rest } = worldConnection()
        world.connections.put(rest)
      },
      linkLaunch('u-teacher'),
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
    [
      'a connection with neither resource nor learning tool type',
      () =>
        world.connections.put(
          worldConnection({
            features: {
              learningTool: false,
              assignmentResource: false,
              scorePassback: true,
              embeddableContent: true,
            },
          }),
        ),
      linkLaunch('u-teacher'),
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
    [
      'a parent whose portal does not list the tool',
      () => {},
      {
        userId: 'u-parent',
        target: { kind: 'learning-tool', connectionId: 'conn-quiz', schoolId: 'school-hs' },
        presentation: 'window',
      },
      'ERR_LTI_PLATFORM_LAUNCH_DENIED',
    ],
    [
      'a Learning Tools entry of a school the user is not in',
      () => {},
      {
        userId: 'u-outsider',
        target: { kind: 'learning-tool', connectionId: 'conn-quiz', schoolId: 'school-hs' },
        presentation: 'window',
      },
      'ERR_LTI_PLATFORM_LAUNCH_DENIED',
    ],
  ])('refuses %s', async (_name, arrange, input, code) => {
    arrange()
    await expectPlatformError(startLaunch(world.deps, input), code)
    expect(world.launchIntents.records.size).toBe(0)
  })
})

describe('handleAuthenticationRequest: the launch message', () => {
  it('posts a verifiable id_token with the required and optional claims', async () => {
    const { response, fields, auth } = await launch('u-teacher', {
      storageTarget: '_parent',
      returnUrl: `${PLATFORM_BASE}/courses/ctx-bio-2`,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(fields['(action)']).toBe(tool.redirectUri)
    expect(fields.state).toBe(auth.state)
    expect(fields.lti_storage_target).toBe('_parent')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message).toMatchObject({
      iss: PLATFORM_BASE,
      aud: 'client-quiz',
      sub: 'u-teacher',
      name: 'Tess Teacher',
      email: 'tess@lms.example.edu',
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.deploymentId]: 'dep-hs',
      [CLAIM.targetLinkUri]: `${TOOL_ORIGIN}/lti/launch`,
      [CLAIM.resourceLink]: { id: WORLD_LINK.id, title: WORLD_LINK.title },
      [CLAIM.context]: { id: WORLD_CONTEXT.id, label: 'BIO2-P3', title: WORLD_CONTEXT.title },
      [CLAIM.launchPresentation]: {
        document_target: 'iframe',
        return_url: `${PLATFORM_BASE}/courses/ctx-bio-2`,
      },
      [CLAIM.toolPlatform]: { guid: 'lms-example-district', product_family_code: 'ltihub' },
      [CLAIM.lis]: {
        course_offering_sourcedid: 'sis-course-bio2',
        course_section_sourcedid: 'sis-section-bio2-p3',
      },
      [CLAIM.nrpsService]: {
        context_memberships_url: `${PLATFORM_BASE}/lti/contexts/ctx-bio-2/memberships`,
        service_versions: ['2.0'],
      },
    })
    expect(message[CLAIM.roles]).toContain(INSTRUCTOR)
    expect(message[CLAIM.roleScopeMentor]).toBeUndefined()
    // Advanced settings and the link's own parameters, with the history variables substituted.
    expect(message[CLAIM.custom]).toEqual({
      section_history: 'ctx-bio-1,ctx-bio-0',
      quiz: '7',
      link_history: 'rl-quiz-7-2024,rl%2Cquiz-2023',
    })
    expect(message[CLAIM.agsEndpoint]).toEqual({
      scope: [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score],
      lineitems: `${PLATFORM_BASE}/lti/contexts/ctx-bio-2/lineitems`,
    })
  })

  it('signs an lti1p1 claim the tool verifies with the LTI 1.1 secret', async () => {
    const { fields, auth } = await launch('u-student')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    const claim = message[CLAIM.lti1p1]
    expect(claim).toMatchObject({ user_id: 'legacy-sam', oauth_consumer_key: 'quizzly-key' })
    expect(claim).not.toHaveProperty('resource_link_id')
    await expect(
      verifyLti1p1Claim({
        claim: claim ?? {},
        oauthConsumerSecret: 'quizzly-secret',
        deploymentId: 'dep-hs',
        issuer: PLATFORM_BASE,
        clientId: 'client-quiz',
        exp: message.exp,
        nonce: auth.nonce,
      }),
    ).resolves.toMatchObject({ oauth_consumer_key: 'quizzly-key' })
    expect(message[CLAIM.roles]).toContain(LEARNER)
    expect(message[CLAIM.lis]).toMatchObject({ person_sourcedid: 'sis-sam' })
  })

  it('answers POST authentication requests too', async () => {
    const start = await startLaunch(world.deps, linkLaunch('u-teacher'))
    const auth = tool.authenticationRequest(start.url)
    const url = new URL(auth.request.url)
    const post = new Request(`${url.origin}${url.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: url.searchParams.toString(),
    })
    const fields = await readAutoPost(
      await handleAuthenticationRequest(post, world.deps, { userId: 'u-teacher' }),
    )
    await expect(tool.verifyLaunch(fields.id_token ?? '', auth.nonce)).resolves.toMatchObject({
      sub: 'u-teacher',
    })
  })

  it('launches a parent as Mentor of their enrolled child', async () => {
    const { fields, auth } = await launch('u-parent')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message[CLAIM.roles]).toContain(MENTOR)
    expect(message[CLAIM.roleScopeMentor]).toEqual(['u-student'])
    expect(message.name).toBe('Pat Parent')
  })

  it('withholds names and email when privacy says so, and leaves their variables literal', async () => {
    world.connections.put(
      worldConnection({
        privacy: { sendName: false, sendEmail: false },
        customParameters: {
          who: '$Person.name.full',
          mail: '$Person.email.primary',
          id: '$User.id',
        },
      }),
    )
    const { fields, auth } = await launch('u-teacher')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    for (const claim of ['name', 'given_name', 'family_name', 'email', 'picture']) {
      expect(message).not.toHaveProperty(claim)
    }
    expect(message[CLAIM.custom]).toMatchObject({
      who: '$Person.name.full',
      mail: '$Person.email.primary',
      id: 'u-teacher',
    })
  })

  it('advertises the line item when the link has exactly one', async () => {
    await world.lineItems.create({
      contextId: WORLD_CONTEXT.id,
      connectionId: 'conn-quiz',
      label: 'Quiz 7',
      scoreMaximum: 10,
      resourceLinkId: WORLD_LINK.id,
      assignmentId: 'asg-quiz-7',
      extensions: {},
    })
    const { fields, auth } = await launch('u-student')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message[CLAIM.agsEndpoint]).toMatchObject({
      lineitem: `${PLATFORM_BASE}/lti/contexts/ctx-bio-2/lineitems/li-1`,
    })
  })

  it.each([
    [
      'score passback is off',
      () =>
        world.connections.put(
          worldConnection({
            features: {
              learningTool: true,
              scorePassback: false,
              assignmentResource: true,
              embeddableContent: true,
            },
          }),
        ),
    ],
    [
      'the assignment is scored by rubric',
      () =>
        world.resourceLinks.links.set(WORLD_LINK.id, { ...WORLD_LINK, assignmentId: 'asg-essay' }),
    ],
    [
      'the link has no assignment',
      () => {
        const { assignmentId: _none, ...link } = WORLD_LINK
        world.resourceLinks.links.set(WORLD_LINK.id, link)
      },
    ],
  ])('omits the AGS claim when %s', async (_name, arrange) => {
    arrange()
    const { fields, auth } = await launch('u-student')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message).not.toHaveProperty(CLAIM.agsEndpoint)
  })

  it('omits the NRPS claim when the registration lacks the scope', async () => {
    const base = worldConnection()
    if (base.lti13 === undefined) throw new TypeError('fixture')
    world.connections.put({ ...base, lti13: { ...base.lti13, allowedScopes: [SCOPE.score] } })
    const { fields, auth } = await launch('u-teacher')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message).not.toHaveProperty(CLAIM.nrpsService)
    expect(message[CLAIM.agsEndpoint]).toEqual({ scope: [SCOPE.score] })
  })

  it('omits the lti1p1 claim without an LTI 1.1 key', async () => {
    const { lti11: _none, ...rest } = worldConnection()
    world.connections.put(rest)
    const { fields, auth } = await launch('u-student')
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message).not.toHaveProperty(CLAIM.lti1p1)
  })

  it('launches a Learning Tools entry from the student portal without a context', async () => {
    const target = {
      kind: 'learning-tool',
      connectionId: 'conn-quiz',
      schoolId: 'school-hs',
    } as const
    const start = await startLaunch(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'window',
    })
    const auth = tool.authenticationRequest(start.url)
    const fields = await readAutoPost(
      await handleAuthenticationRequest(auth.request, world.deps, { userId: 'u-student' }),
    )
    const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(message[CLAIM.resourceLink]).toEqual({
      id: 'lt:conn-quiz:school-hs:',
      title: 'Quizzly (HS)',
    })
    expect(message).not.toHaveProperty(CLAIM.context)
    expect(message).not.toHaveProperty(CLAIM.nrpsService)
    expect(message[CLAIM.roles]).toContain(LEARNER)
    expect(message[CLAIM.launchPresentation]).toMatchObject({ document_target: 'window' })
  })
})

describe('handleAuthenticationRequest: refusals', () => {
  let rejected: string[]

  beforeEach(() => {
    rejected = []
  })

  /** The handler, recording the codes of the refusals it reports. */
  const authorize = (request: Request, userId: string | undefined) =>
    handleAuthenticationRequest(
      request,
      world.deps,
      { userId },
      {
        onRejected: (error) => rejected.push(error.code),
      },
    )

  async function started(userId = 'u-teacher') {
    const start = await startLaunch(world.deps, linkLaunch(userId))
    return { start, ...tool.authenticationRequest(start.url) }
  }

  it.each([
    ['an unknown client_id', { client_id: 'client-nope' }, 'ERR_LTI_AUTH_REQUEST_UNKNOWN_CLIENT'],
    [
      'an unregistered redirect_uri',
      { redirect_uri: 'https://evil.example/cb' },
      'ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED',
    ],
    [
      'a redirect_uri differing by a query',
      { redirect_uri: `${TOOL_ORIGIN}/lti/launch?x=1` },
      'ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED',
    ],
  ])('shows an error page, never a redirect, for %s', async (_name, overrides, code) => {
    const start = await startLaunch(world.deps, linkLaunch('u-teacher'))
    const { request } = tool.authenticationRequest(start.url, overrides)
    const response = await authorize(request, 'u-teacher')
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(code)
    expect(html).not.toContain('<form')
  })

  it('treats a pending connection as an unknown client', async () => {
    const { request } = await started()
    world.connections.put(worldConnection({ status: 'pending' }))
    const response = await authorize(request, 'u-teacher')
    expect(await response.text()).toContain('ERR_LTI_AUTH_REQUEST_UNKNOWN_CLIENT')
  })

  it.each([
    ['response_type is not id_token', { response_type: 'code' }, 'unsupported_response_type'],
    ['scope lacks openid', { scope: 'profile' }, 'invalid_scope'],
    ['response_mode is not form_post', { response_mode: 'query' }, 'invalid_request'],
    ['prompt is not none', { prompt: 'login' }, 'invalid_request'],
    ['nonce is missing', { nonce: undefined }, 'invalid_request'],
    ['login_hint is missing', { login_hint: undefined }, 'invalid_request'],
  ])('posts an OIDC error when %s', async (_name, overrides, error) => {
    const start = await startLaunch(world.deps, linkLaunch('u-teacher'))
    const { request, state } = tool.authenticationRequest(start.url, overrides)
    const fields = await readAutoPost(await authorize(request, 'u-teacher'))
    expect(fields).toMatchObject({ error, state, '(action)': tool.redirectUri })
    expect(fields).not.toHaveProperty('id_token')
  })

  it('asks for login without a platform session, and keeps the launch usable', async () => {
    const { request, start } = await started()
    const fields = await readAutoPost(await authorize(request, undefined))
    expect(fields).toMatchObject({ error: 'login_required' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LOGIN_REQUIRED'])
    expect(world.launchIntents.records.has(start.intentId)).toBe(true)
  })

  it('refuses a login_hint of another user than the signed-in one, keeping the launch', async () => {
    const { request, start } = await started('u-teacher')
    const fields = await readAutoPost(await authorize(request, 'u-student'))
    expect(fields).toMatchObject({ error: 'access_denied' })
    expect(fields['error_description']).toContain('ERR_LTI_PLATFORM_LAUNCH_FOREIGN')
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_FOREIGN'])
    expect(world.launchIntents.records.has(start.intentId)).toBe(true)
  })

  it('refuses a replayed lti_message_hint', async () => {
    const { start } = await started()
    const first = tool.authenticationRequest(start.url)
    const second = tool.authenticationRequest(start.url)
    const ok = await readAutoPost(await authorize(first.request, 'u-teacher'))
    expect(ok).toHaveProperty('id_token')
    const replay = await readAutoPost(await authorize(second.request, 'u-teacher'))
    expect(replay).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_REPLAYED'])
  })

  it('refuses an expired lti_message_hint', async () => {
    const { request } = await started()
    world.advance(5 * 60_000 + 1)
    const fields = await readAutoPost(await authorize(request, 'u-teacher'))
    expect(fields).toMatchObject({ error: 'launch_no_longer_valid' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_EXPIRED'])
  })

  it.each<[string, (hint: string) => string | undefined]>([
    ['a forged', () => 'forged-hint'],
    ['a missing', () => undefined],
    ['an empty', () => ''],
    ['an extended-expiry', (hint) => hint.replace(/\.[0-9a-z]+\./, '.zzzzzzz.')],
    ['a swapped intent id', (hint) => hint.replace(/^[\w-]+\./, `${'A'.repeat(32)}.`)],
    ['a re-signed', (hint) => hint.replace(/\.[\w-]+$/, `.${'A'.repeat(43)}`)],
  ])('refuses %s lti_message_hint, keeping the launch', async (_name, alter) => {
    const start = await startLaunch(world.deps, linkLaunch('u-teacher'))
    const hint = alter(start.messageHint)
    expect(hint).not.toBe(start.messageHint)
    const { request } = tool.authenticationRequest(start.url, { lti_message_hint: hint })
    const fields = await readAutoPost(await authorize(request, 'u-teacher'))
    expect(fields).toMatchObject({ error: 'invalid_request' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID'])
    expect(world.launchIntents.records.has(start.intentId)).toBe(true)
  })

  it("refuses another tool's lti_message_hint", async () => {
    const start = await startLaunch(world.deps, linkLaunch('u-teacher'))
    const { request } = tool.authenticationRequest(start.url, {
      client_id: 'client-other',
      redirect_uri: 'https://other.example.com/launch',
    })
    const fields = await readAutoPost(await authorize(request, 'u-teacher'))
    expect(fields).toMatchObject({ error: 'invalid_request' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID'])
    expect(fields['(action)']).toBe('https://other.example.com/launch')
  })
  it('denies the launch when the user was unenrolled in between', async () => {
    const { request } = await started('u-student')
    world.directory.enrol({
      contextId: WORLD_CONTEXT.id,
      userId: 'u-student',
      role: 'student',
      status: 'inactive',
    })
    const response = await authorize(request, 'u-student')
    expect(await readAutoPost(response)).toMatchObject({ error: 'access_denied' })
    expect(rejected).toEqual(['ERR_LTI_PLATFORM_LAUNCH_DENIED'])
  })

  it('refuses oversize and wrongly typed requests with an error page', async () => {
    const big = new Request(`${PLATFORM_BASE}/lti/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=${'x'.repeat(100_000)}`,
    })
    expect((await authorize(big, 'u-teacher')).status).toBe(413)
    const json = new Request(`${PLATFORM_BASE}/lti/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect((await authorize(json, 'u-teacher')).status).toBe(415)
  })
})
