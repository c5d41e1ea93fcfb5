import { describe, expect, it } from 'vitest'
import { signLti11Form } from '../internal/core.js'
import { CONSUMER, createFixture } from '../testing/fixture.js'
import { startLoopback } from '../testing/loopback.js'
import { errorCodeOf } from '../testing/flows.js'

const LEARNER = {
  user_id: 'u-11',
  roles: 'Learner',
  lis_person_name_given: 'Grace',
  lis_person_name_family: 'Hopper',
  lis_person_contact_email_primary: 'grace@example.test',
  context_id: 'ctx-11',
  lis_outcome_service_url: 'https://lms.example.test/outcomes',
  lis_result_sourcedid: 'sourced-1',
  launch_presentation_return_url: 'https://lms.example.test/return',
}

describe('LTI 1.1 launch', () => {
  it('verifies the signed launch and provisions the learner with the LMS ID prefix', async () => {
    const f = await createFixture()
    const response = await f.tool.handle(
      await f.lti11Request(LEARNER, { custom: { course: 'SAFE-101' } }),
    )
    expect(response.status).toBe(200)
    expect(f.launches[0]).toMatchObject({
      ltiVersion: '1.1',
      platform: { kind: 'lti11', consumerKey: 'consumer-key-1', name: 'Partner Moodle' },
      learner: {
        externalId: 'moodle1:u-11',
        givenName: 'Grace',
        familyName: 'Hopper',
        email: 'grace@example.test',
      },
      enrolment: {
        role: 'student',
        consumer: 'lti11:consumer-key-1',
        contextId: 'ctx-11',
        gradeTarget: {
          kind: 'lti11-outcome',
          consumerKey: 'consumer-key-1',
          serviceUrl: 'https://lms.example.test/outcomes',
          sourcedId: 'sourced-1',
        },
      },
      course: { id: 'course-1' },
      resourceLink: { id: 'link-11' },
      returnUrl: 'https://lms.example.test/return',
    })
  })

  it('chooses the course by the external ID appended to the launch URL (no custom parameters)', async () => {
    const f = await createFixture()
    const url = f.tool.urls.launchFor('SAFE-101')
    const response = await f.tool.handle(await f.lti11Request(LEARNER, { url }))
    expect(response.status).toBe(200)
    expect(f.launches[0]?.course.id).toBe('course-1')
  })

  it('verifies against the public URL when the request arrives through a proxy', async () => {
    const f = await createFixture()
    const signed = await f.lti11Request(LEARNER, { custom: { course: 'SAFE-101' } })
    const internal = new Request('http://10.0.0.5:8080/lti/launch', {
      method: 'POST',
      headers: signed.headers,
      body: await signed.text(),
    })
    expect((await f.tool.handle(internal)).status).toBe(200)
  })

  it('shows the way back to the platform when a verified launch is refused', async () => {
    const f = await createFixture()
    const response = await f.tool.handle(
      await f.lti11Request(LEARNER, { custom: { course: 'NONE' } }),
    )
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
    expect(await response.text()).toContain('href="https://lms.example.test/return"')
  })
})

describe('LTI 1.1 launch: every failed validation is a page with a code, and creates no account', () => {
  type Fixture = Awaited<ReturnType<typeof createFixture>>
  const custom = { custom: { course: 'SAFE-101' } }
  const resend = async (request: Request, change: (body: URLSearchParams) => void) => {
    const body = new URLSearchParams(await request.text())
    change(body)
    return new Request(request.url, { method: 'POST', headers: request.headers, body })
  }
  const cases: readonly [string, (f: Fixture) => Promise<Response>, string][] = [
    [
      'wrong secret',
      async (f) => f.tool.handle(await f.lti11Request(LEARNER, { ...custom, secret: 'wrong' })),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    ],
    [
      'a body parameter altered after signing',
      async (f) =>
        f.tool.handle(
          await resend(await f.lti11Request(LEARNER, custom), (b) => b.set('user_id', 'admin')),
        ),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    ],
    [
      'unknown consumer key',
      async (f) =>
        f.tool.handle(
          await resend(await f.lti11Request(LEARNER, custom), (b) =>
            b.set('oauth_consumer_key', 'nobody'),
          ),
        ),
      'ERR_LTI_OAUTH_UNKNOWN_CONSUMER',
    ],
    [
      'timestamp 301 s old',
      async (f) => {
        const request = await f.lti11Request(LEARNER, custom)
        f.advance(301_000)
        return f.tool.handle(request)
      },
      'ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
    ],
    [
      'timestamp 301 s in the future',
      async (f) => {
        const request = await f.lti11Request(LEARNER, custom)
        f.advance(-301_000)
        return f.tool.handle(request)
      },
      'ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
    ],
    [
      'PLAINTEXT signature method',
      async (f) =>
        f.tool.handle(
          await resend(await f.lti11Request(LEARNER, custom), (b) =>
            b.set('oauth_signature_method', 'PLAINTEXT'),
          ),
        ),
      'ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD',
    ],
    [
      'missing resource_link_id',
      async (f) => {
        const { url, fields } = await signLti11Form({
          url: f.tool.urls.launch,
          params: {
            ...LEARNER,
            lti_message_type: 'basic-lti-launch-request',
            lti_version: 'LTI-1p0',
            custom_course: 'SAFE-101',
          },
          consumerKey: CONSUMER.key,
          secret: CONSUMER.secret,
          clock: f.clock,
        })
        return f.tool.handle(
          new Request(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields),
          }),
        )
      },
      'ERR_LTI_LTI11_INVALID_PARAMETER',
    ],
    [
      'unknown lti_message_type',
      async (f) =>
        f.tool.handle(
          await f.lti11Request({ ...LEARNER, lti_message_type: 'other-request' }, custom),
        ),
      'ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE',
    ],
    [
      'missing user_id (anonymous)',
      async (f) => f.tool.handle(await f.lti11Request({ ...LEARNER, user_id: '' }, custom)),
      'ERR_LTI_USER_ID_MISSING',
    ],
  ]

  it.each(cases)('%s', async (_name, run, code) => {
    const f = await createFixture()
    const response = await run(f)
    expect(await errorCodeOf(response)).toBe(code)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(f.ports.learners.learners()).toEqual([])
  })

  it('answers an oversize launch body over real HTTP with a coded page, without hanging', async () => {
    const f = await createFixture()
    const server = await startLoopback((request) => f.tool.handle(request))
    try {
      const body = new URLSearchParams({
        lti_message_type: 'basic-lti-launch-request',
        padding: 'x'.repeat(300_000),
      })
      const response = await fetch(`${server.origin}/lti/launch`, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(10_000),
      })
      expect(await errorCodeOf(response)).toBe('ERR_LTI_INPUT_TOO_LARGE')
    } finally {
      await server.close()
    }
  })

  it('refuses a replayed nonce', async () => {
    const f = await createFixture()
    const request = await f.lti11Request(LEARNER, custom)
    const copy = request.clone()
    expect((await f.tool.handle(request)).status).toBe(200)
    expect(await errorCodeOf(await f.tool.handle(copy))).toBe('ERR_LTI_OAUTH_NONCE_REPLAYED')
  })

  it('treats a disabled consumer key as unknown', async () => {
    const f = await createFixture()
    const disabled = { ...CONSUMER, enabled: false }
    ;(f.ports.consumerKeys as unknown as { find: (k: string) => Promise<typeof disabled> }).find =
      () => Promise.resolve(disabled)
    const response = await f.tool.handle(await f.lti11Request(LEARNER, custom))
    expect(await errorCodeOf(response)).toBe('ERR_LTI_OAUTH_UNKNOWN_CONSUMER')
    expect(f.ports.learners.learners()).toEqual([])
  })
})
