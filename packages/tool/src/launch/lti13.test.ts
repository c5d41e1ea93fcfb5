import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildIdToken, CLAIM, generateSigningKey, MESSAGE_TYPE } from '../internal/core.js'
import { createFixture, PUBLICATION } from '../testing/fixture.js'
import {
  authenticationStep,
  errorCodeOf,
  idToken,
  launchPost,
  loginRequest,
  resourceLinkMessage,
  ROLE,
} from '../testing/flows.js'

const COURSE_CLAIM = { custom: { course: 'SAFE-101' } }

describe('LTI 1.3 launch', () => {
  it('verifies the launch, provisions the learner and starts a session', async () => {
    const f = await createFixture()
    const { response } = await f.launch13({
      ...COURSE_CLAIM,
      context: { id: 'ctx-1', title: 'Partner course' },
      lineItemUrl: f.platform.urls.lineItem('1'),
      membershipsUrl: f.platform.urls.memberships,
      profile: { given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.test' },
    })
    expect(response.status).toBe(200)
    const [launch] = f.launches
    expect(launch).toMatchObject({
      ltiVersion: '1.3',
      role: 'learner',
      platform: { kind: 'lti13', registrationId: 'registration-1', deploymentId: 'deployment-1' },
      learner: {
        externalId: 'testlms:user-1',
        givenName: 'Ada',
        familyName: 'Lovelace',
        email: 'ada@example.test',
        defaults: { country: 'NL', timezone: 'Europe/Amsterdam', language: 'nl' },
      },
      enrolment: {
        role: 'student',
        status: 'active',
        consumer: 'lti13:registration-1',
        contextId: 'ctx-1',
      },
      publication: { id: 'publication-1' },
      course: { id: 'course-1' },
      context: { id: 'ctx-1', title: 'Partner course' },
      resourceLink: { id: 'link-1' },
      ags: { lineItemUrl: f.platform.urls.lineItem('1') },
      nrps: { contextMembershipsUrl: f.platform.urls.memberships },
    })
    expect(launch?.enrolment.gradeTarget).toEqual({
      kind: 'ags',
      registrationId: 'registration-1',
      deploymentId: 'deployment-1',
      lineItemUrl: f.platform.urls.lineItem('1'),
      userId: 'user-1',
    })
    expect(await f.tool.session(launch?.sessionId ?? '')).toEqual(launch)
    expect(await f.ports.enrolments.licenceCounts()).toEqual([
      { publicationId: 'publication-1', consumer: 'lti13:registration-1', subscriptions: 1 },
    ])
    expect(response.headers.getSetCookie().join()).toMatch(/__Host-ltihub-state-[^=]+=; Max-Age=0/)
    expect(await f.ports.rosterSources.list()).toHaveLength(1)
  })

  it('maps instructors to the publication’s instructor role', async () => {
    const f = await createFixture()
    await f.launch13({ ...COURSE_CLAIM, roles: [ROLE.instructor] })
    expect(f.launches[0]).toMatchObject({
      role: 'instructor',
      enrolment: { role: 'editingteacher' },
    })
  })

  it('recognises a returning learner and counts the licence once', async () => {
    const f = await createFixture()
    await f.launch13(COURSE_CLAIM)
    await f.launch13({ ...COURSE_CLAIM, profile: { email: 'new@example.test' } })
    expect(f.ports.learners.learners()).toHaveLength(1)
    expect(f.launches[1]?.learner.email).toBe('new@example.test')
    expect(f.launches[0]?.sessionId).not.toBe(f.launches[1]?.sessionId)
    expect((await f.ports.enrolments.licenceCounts())[0]?.subscriptions).toBe(1)
  })

  it('chooses the course by the external ID in the target link URI, or by publication', async () => {
    const f = await createFixture()
    await f.launch13({ targetLinkUri: f.tool.urls.launchFor('SAFE-101') })
    await f.launch13({ custom: { publication: 'publication-1', activity: 'activity-final' } })
    expect(f.launches.map((l) => l.course.id)).toEqual(['course-1', 'course-1'])
    expect(f.launches[1]?.activity?.id).toBe('activity-final')
  })

  it('keeps two launches in two tabs apart: each login, cookie and session is its own', async () => {
    const second = { ...PUBLICATION, id: 'publication-2', name: 'Forklifts', courseId: 'course-2' }
    const f = await createFixture({ publications: [PUBLICATION, second] })
    const start = async (course: string) => {
      const login = await f.tool.handle(
        loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
      )
      const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
      const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, custom: { course } })
      return { step, token: await idToken(f.platform, step.nonce, message, 'user-1', f.clock) }
    }
    const tabA = await start('SAFE-101')
    const tabB = await start('FORK-201')
    // The browser sends both cookies with each post, as it would with two tabs open.
    const cookies = `${tabA.step.cookie}; ${tabB.step.cookie}`
    const post = (tab: typeof tabA) =>
      f.tool.handle(
        launchPost(tab.step.redirectUri, { id_token: tab.token, state: tab.step.state }, cookies),
      )
    expect((await post(tabB)).status).toBe(200)
    expect((await post(tabA)).status).toBe(200)
    const [b, a] = f.launches
    expect(b?.course.id).toBe('course-2')
    expect(a?.course.id).toBe('course-1')
    expect((await f.tool.session(a?.sessionId ?? ''))?.course.id).toBe('course-1')
    expect((await f.tool.session(b?.sessionId ?? ''))?.course.id).toBe('course-2')
    expect(f.ports.learners.learners()).toHaveLength(1)
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('refetches the platform key set once when a token names an unknown kid (key rotation)', async () => {
    const f = await createFixture()
    await f.launch13(COURSE_CLAIM)
    await f.launch13(COURSE_CLAIM)
    expect(f.platform.jwksFetches).toBe(1)
    await f.platform.rotateKey()
    // The key set cache refetches on an unknown kid at most once per 30 s cooldown (wall clock).
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 31_000)
    const { response } = await f.launch13(COURSE_CLAIM)
    expect(response.status).toBe(200)
    expect(f.platform.jwksFetches).toBe(2)
  })

  it('completes through platform storage when the state cookie is blocked', async () => {
    const f = await createFixture()
    const login = await f.tool.handle(
      loginRequest(f.platform, f.tool.urls.login, {
        targetLinkUri: f.tool.urls.launch,
        storageTarget: 'post_message_forwarding',
      }),
    )
    const loginHtml = await login.clone().text()
    const binding = /"binding":"([^"]+)"/.exec(loginHtml)?.[1] ?? ''
    const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
    const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
    const token = await idToken(f.platform, step.nonce, message, 'user-1', f.clock)
    const relay = await f.tool.handle(
      launchPost(step.redirectUri, { id_token: token, state: step.state }),
    )
    expect(relay.status).toBe(200)
    const relayHtml = await relay.text()
    expect(relayHtml).toContain("subject: 'lti.get_data'")
    expect(relayHtml).toContain(`"key":"lti_state_${step.state}"`)
    expect(relayHtml).toContain('"storageTarget":"post_message_forwarding"')
    expect(f.launches).toHaveLength(0)
    const wrong = await f.tool.handle(
      launchPost(step.redirectUri, {
        id_token: token,
        state: step.state,
        ltihub_storage_binding: 'forged',
      }),
    )
    expect(await errorCodeOf(wrong)).toBe('ERR_LTI_STATE_MISMATCH')
    expect(f.ports.learners.learners()).toHaveLength(0)
    const done = await f.tool.handle(
      launchPost(step.redirectUri, {
        id_token: token,
        state: step.state,
        ltihub_storage_binding: binding,
      }),
    )
    expect(done.status).toBe(200)
    expect(f.launches).toHaveLength(1)
  })

  it('records an unknown deployment as pending under the pending policy, then accepts it once approved', async () => {
    const f = await createFixture()
    await f.ports.registrations.upsert({
      ...f.platform.registration(),
      deploymentPolicy: 'pending',
    })
    const first = await f.launch13(COURSE_CLAIM)
    expect(first.response.status).toBe(403)
    expect(await errorCodeOf(first.response)).toBe('ERR_LTI_DEPLOYMENT_PENDING')
    expect(
      await f.ports.registrations.findDeployment('registration-1', 'deployment-1'),
    ).toMatchObject({
      status: 'pending',
    })
    expect(f.ports.learners.learners()).toHaveLength(0)
    f.ports.registrations.setDeploymentStatus('registration-1', 'deployment-1', 'active')
    expect((await f.launch13(COURSE_CLAIM)).response.status).toBe(200)
    f.ports.registrations.setDeploymentStatus('registration-1', 'deployment-1', 'disabled')
    expect(await errorCodeOf((await f.launch13(COURSE_CLAIM)).response)).toBe(
      'ERR_LTI_DEPLOYMENT_DISABLED',
    )
  })

  it('accepts an unknown deployment at once under the accept policy', async () => {
    const f = await createFixture()
    await f.launch13(COURSE_CLAIM)
    expect(
      await f.ports.registrations.findDeployment('registration-1', 'deployment-1'),
    ).toMatchObject({
      status: 'active',
    })
  })
})

describe('LTI 1.3 launch: every failed validation is a page with a code, and creates no account', () => {
  const cases: readonly [
    string,
    (f: Awaited<ReturnType<typeof createFixture>>) => Promise<Response>,
    string,
    number,
  ][] = [
    [
      'unknown state',
      async (f) => {
        const { step } = await f.launch13({ ...COURSE_CLAIM, withoutCookie: true })
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: 'x.y.z', state: `${step.state}x` }, step.cookie),
        )
      },
      'ERR_LTI_STATE_UNKNOWN',
      401,
    ],
    [
      'missing state cookie (third-party cookies blocked, no platform storage)',
      (f) => f.launch13({ ...COURSE_CLAIM, withoutCookie: true }).then((r) => r.response),
      'ERR_LTI_STATE_MISMATCH',
      401,
    ],
    [
      'state cookie of another login',
      async (f) => {
        const login = await f.tool.handle(
          loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
        )
        const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
        const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
        const token = await idToken(f.platform, step.nonce, message, 'user-1', f.clock)
        const forged = step.cookie.replace(/=.*/, '=forged-binding')
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: token, state: step.state }, forged),
        )
      },
      'ERR_LTI_STATE_MISMATCH',
      401,
    ],
    [
      'expired login state',
      async (f) => {
        const login = await f.tool.handle(
          loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
        )
        const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
        f.advance(601_000)
        const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
        const token = await idToken(f.platform, step.nonce, message, 'user-1', f.clock)
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
        )
      },
      'ERR_LTI_STATE_UNKNOWN',
      401,
    ],
    [
      'id_token nonce of another login',
      async (f) => {
        const login = await f.tool.handle(
          loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
        )
        const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
        const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
        const token = await idToken(f.platform, 'another-nonce', message, 'user-1', f.clock)
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
        )
      },
      'ERR_LTI_NONCE_MISMATCH',
      401,
    ],
    [
      'id_token signed by a key the platform never published',
      async (f) => {
        const login = await f.tool.handle(
          loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
        )
        const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
        const token = await buildIdToken({
          signingKey: await generateSigningKey(),
          issuer: f.platform.issuer,
          clientId: f.platform.clientId,
          deploymentId: f.platform.deploymentId,
          nonce: step.nonce,
          subject: 'user-1',
          message: resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM }),
          clock: f.clock,
        })
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
        )
      },
      'ERR_LTI_KID_UNKNOWN',
      401,
    ],
    [
      'expired id_token',
      async (f) => {
        const login = await f.tool.handle(
          loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
        )
        const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
        const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
        const token = await idToken(
          f.platform,
          step.nonce,
          message,
          'user-1',
          () => f.clock() - 3_600_000,
        )
        return f.tool.handle(
          launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
        )
      },
      'ERR_LTI_JWT_EXPIRED',
      401,
    ],
    [
      'id_token without sub',
      (f) => f.launch13({ ...COURSE_CLAIM, subject: null }).then((r) => r.response),
      'ERR_LTI_JWT_CLAIM_MISSING',
      401,
    ],
    [
      'target_link_uri claim different from the login’s',
      async (f) =>
        (
          await f.launch13({
            message: resourceLinkMessage({ targetLinkUri: f.tool.urls.launchFor('SAFE-101') }),
          })
        ).response,
      'ERR_LTI_TARGET_LINK_URI_MISMATCH',
      400,
    ],
    [
      'message type the tool does not handle',
      async (f) =>
        (
          await f.launch13({
            message: {
              ...resourceLinkMessage({ targetLinkUri: f.tool.urls.launch }),
              [CLAIM.messageType]: MESSAGE_TYPE.submissionReview,
              [CLAIM.forUser]: { user_id: 'user-2' },
              [CLAIM.agsEndpoint]: {
                scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
                lineitem: f.platform.urls.lineItem('1'),
              },
            } as never,
          })
        ).response,
      'ERR_LTI_MESSAGE_TYPE_UNSUPPORTED',
      400,
    ],
    [
      'OIDC error posted by the platform',
      (f) => f.tool.handle(launchPost(f.tool.urls.launch, { error: 'login_required', state: 's' })),
      'ERR_LTI_PLATFORM_ERROR',
      401,
    ],
    [
      'launch by GET',
      (f) => f.tool.handle(new Request(f.tool.urls.launch)),
      'ERR_LTI_METHOD_NOT_ALLOWED',
      405,
    ],
    [
      'unknown course external ID',
      (f) => f.launch13({ custom: { course: 'NOPE-1' } }).then((r) => r.response),
      'ERR_LTI_PUBLICATION_NOT_FOUND',
      404,
    ],
  ]

  it.each(cases)('%s', async (_name, run, code, status) => {
    const f = await createFixture()
    const response = await run(f)
    expect(await errorCodeOf(response)).toBe(code)
    expect(response.status).toBe(status)
    expect(f.ports.learners.learners()).toEqual([])
    expect(f.launches).toEqual([])
  })

  it('refuses a launch whose registration was disabled after the login', async () => {
    const f = await createFixture()
    const login = await f.tool.handle(
      loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
    )
    const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
    await f.ports.registrations.upsert({ ...f.platform.registration(), enabled: false })
    const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
    const token = await idToken(f.platform, step.nonce, message, 'user-1', f.clock)
    const response = await f.tool.handle(
      launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
    )
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PLATFORM_DISABLED')
    expect(f.ports.learners.learners()).toEqual([])
  })

  it('refuses a replayed launch post (state and nonce are single use)', async () => {
    const f = await createFixture()
    const login = await f.tool.handle(
      loginRequest(f.platform, f.tool.urls.login, { targetLinkUri: f.tool.urls.launch }),
    )
    const step = await authenticationStep(f.platform, login, [f.tool.urls.launch])
    const message = resourceLinkMessage({ targetLinkUri: f.tool.urls.launch, ...COURSE_CLAIM })
    const token = await idToken(f.platform, step.nonce, message, 'user-1', f.clock)
    const post = () =>
      f.tool.handle(
        launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie),
      )
    expect((await post()).status).toBe(200)
    expect(await errorCodeOf(await post())).toBe('ERR_LTI_STATE_UNKNOWN')
  })

  it('shows the way back to the platform when a verified launch is refused', async () => {
    const f = await createFixture({ publication: { enabled: false } })
    const { response } = await f.launch13({
      ...COURSE_CLAIM,
      returnUrl: 'https://lms.example.test/course/1',
    })
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PUBLICATION_UNAVAILABLE')
    expect(await response.text()).toContain('href="https://lms.example.test/course/1"')
  })
})
