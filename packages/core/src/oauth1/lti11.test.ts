import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { MemoryNonceStore } from '../ports.js'
import { buildLti11Launch, signLti11Form } from './lti11-platform.js'
import { verifyLti11Launch, type Lti11VerifierDeps } from './lti11-tool.js'
import tv5 from './vectors/tv-5-launch-port-empty-value.json' with { type: 'json' }

const NOW = 1_700_000_000_000
const clock = () => NOW
const LAUNCH_URL = 'https://tool.example.com/lti/launch?tenant=a'

function deps(extra: Partial<Lti11VerifierDeps> = {}): Lti11VerifierDeps {
  return {
    lookupConsumerSecret: (key) => Promise.resolve(key === 'key' ? 'secret' : undefined),
    nonceStore: new MemoryNonceStore(clock),
    clock,
    ...extra,
  }
}

function post(
  url: string,
  fields: ReadonlyArray<readonly [string, string]>,
  init: RequestInit = {},
) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields.map(([name, value]) => [name, value])).toString(),
    ...init,
  })
}

const launchParams = {
  resource_link_id: 'rl-1',
  resource_link_title: 'Week 1 <quiz>',
  user_id: 'u-1',
  roles: 'Instructor, urn:lti:role:ims/lis/TeachingAssistant',
  lis_person_name_full: 'Ada Lovelace',
  lis_person_contact_email_primary: 'ada@example.com',
  context_id: 'c-1',
  context_type: 'CourseSection',
  context_title: 'Maths',
  launch_presentation_return_url: 'https://lms.example.com/return',
  launch_presentation_document_target: 'iframe',
  tool_consumer_instance_guid: 'lms.example.com',
  tool_consumer_info_product_family_code: 'moodle',
  lis_outcome_service_url: 'https://lms.example.com/outcomes',
  lis_result_sourcedid: 'src-1',
  ext_outcome_data_values_accepted: 'text,url',
  user_image: '',
}

async function launch(params: Record<string, string> = launchParams, url = LAUNCH_URL) {
  return buildLti11Launch({
    launchUrl: url,
    params,
    custom: { 'Chapter-Num': '3' },
    consumerKey: 'key',
    secret: 'secret',
    clock,
  })
}

async function expectCode(promise: Promise<unknown>, code: LtiErrorCode, claim?: string) {
  await expect(promise).rejects.toMatchObject({ name: 'LtiError', code })
  if (claim !== undefined) await expect(promise).rejects.toMatchObject({ claim })
}

describe('LTI 1.1 launch: platform builds, tool verifies', () => {
  it('round-trips a launch into the typed view', async () => {
    const { url, fields } = await launch()
    expect(url).toBe(LAUNCH_URL)
    expect(fields).toContainEqual(['oauth_callback', 'about:blank'])
    expect(fields).toContainEqual(['lti_version', 'LTI-1p0'])
    const result = await verifyLti11Launch(post(url, fields), deps())
    expect(result).toMatchObject({
      messageType: 'basic-lti-launch-request',
      ltiVersion: 'LTI-1p0',
      consumerKey: 'key',
      signatureMethod: 'HMAC-SHA1',
      resourceLink: { id: 'rl-1', title: 'Week 1 <quiz>' },
      user: {
        id: 'u-1',
        roles: ['Instructor', 'urn:lti:role:ims/lis/TeachingAssistant'],
        fullName: 'Ada Lovelace',
        email: 'ada@example.com',
      },
      context: { id: 'c-1', type: ['CourseSection'], title: 'Maths' },
      launchPresentation: { returnUrl: 'https://lms.example.com/return', documentTarget: 'iframe' },
      toolConsumer: { instanceGuid: 'lms.example.com', productFamilyCode: 'moodle' },
      outcomeService: {
        url: 'https://lms.example.com/outcomes',
        resultSourcedId: 'src-1',
        dataValuesAccepted: ['text', 'url'],
      },
      custom: { chapter_num: '3' },
      extensions: { outcome_data_values_accepted: 'text,url' },
    })
    expect(result.user).not.toHaveProperty('image')
    expect(result.params).toContainEqual(['tenant', 'a'])
  })

  it('verifies TV-5 (non-default port, empty roles) with its typed view', async () => {
    const fields = [...tv5.params, ['oauth_signature', tv5.signatures['HMAC-SHA1']]] as Array<
      [string, string]
    >
    const at = () => 1536162928_000
    const result = await verifyLti11Launch(post(tv5.url, fields), {
      lookupConsumerSecret: () => Promise.resolve(tv5.consumerSecret),
      nonceStore: new MemoryNonceStore(at),
      clock: at,
    })
    expect(result.user.roles).toEqual([])
    expect(result.context).toEqual({ id: 'e05c24be1e', type: [], title: 'Section 955' })
    expect(result.outcomeService).toBeUndefined()
  })

  it('verifies against the public URL behind a TLS-terminating proxy', async () => {
    const { fields } = await launch()
    const internal = 'http://10.0.0.5:3000/lti/launch?tenant=a'
    await expectCode(
      verifyLti11Launch(post(internal, fields), deps()),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
    await expect(
      verifyLti11Launch(post(internal, fields), deps({ url: LAUNCH_URL })),
    ).resolves.toMatchObject({ resourceLink: { id: 'rl-1' } })
  })

  it('accepts lti_version LTI-2p0 unless configured otherwise', async () => {
    const { url, fields } = await launch({ ...launchParams, lti_version: 'LTI-2p0' })
    await expect(verifyLti11Launch(post(url, fields), deps())).resolves.toMatchObject({
      ltiVersion: 'LTI-2p0',
    })
    await expectCode(
      verifyLti11Launch(post(url, fields), deps({ ltiVersions: ['LTI-1p0'] })),
      'ERR_LTI_LTI11_UNSUPPORTED_VERSION',
    )
  })

  it('refuses a launch without resource_link_id (signed by a platform that forgot it)', async () => {
    const { url, fields } = await signLti11Form({
      url: LAUNCH_URL,
      params: { lti_message_type: 'basic-lti-launch-request', lti_version: 'LTI-1p0' },
      consumerKey: 'key',
      secret: 'secret',
      clock,
    })
    await expectCode(
      verifyLti11Launch(post(url, fields), deps()),
      'ERR_LTI_LTI11_INVALID_PARAMETER',
      'resource_link_id',
    )
  })

  it.each([
    ['an unknown lti_message_type', { lti_message_type: 'basic-lti-launch' }],
    ['a ContentItemSelectionRequest', { lti_message_type: 'ContentItemSelectionRequest' }],
  ])('refuses %s', async (_label, override) => {
    const { url, fields } = await launch({ ...launchParams, ...override })
    await expectCode(
      verifyLti11Launch(post(url, fields), deps()),
      'ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE',
      'lti_message_type',
    )
  })

  it.each([
    ['missing', undefined],
    ['LTI-1p1', 'LTI-1p1'],
    ['1.3.0', '1.3.0'],
  ])('refuses lti_version %s', async (_label, version) => {
    const { url, fields } = await launch()
    const altered = fields
      .filter(([name]) => version !== undefined || name !== 'lti_version')
      .map(([name, value]): [string, string] => [
        name,
        name === 'lti_version' ? (version ?? '') : value,
      ])
    await expectCode(
      verifyLti11Launch(post(url, altered), deps()),
      'ERR_LTI_LTI11_UNSUPPORTED_VERSION',
      'lti_version',
    )
  })

  it('refuses a GET', async () => {
    const { url } = await launch()
    await expectCode(
      verifyLti11Launch(new Request(url), deps()),
      'ERR_LTI_LTI11_METHOD_NOT_ALLOWED',
    )
  })

  it('refuses a JSON body', async () => {
    const { url, fields } = await launch()
    const request = post(url, fields, { headers: { 'content-type': 'application/json' } })
    await expectCode(verifyLti11Launch(request, deps()), 'ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
  })

  it('refuses a repeated resource_link_id, even when signed', async () => {
    const { url, fields } = await launch({ ...launchParams }, `${LAUNCH_URL}&resource_link_id=evil`)
    await expectCode(
      verifyLti11Launch(post(url, fields), deps()),
      'ERR_LTI_LTI11_INVALID_PARAMETER',
      'resource_link_id',
    )
  })

  it.each(['javascript:alert(1)', '/relative', 'ftp://lms.example.com/'])(
    'refuses launch_presentation_return_url=%s',
    async (returnUrl) => {
      const { url, fields } = await launch({
        ...launchParams,
        launch_presentation_return_url: returnUrl,
      })
      await expectCode(
        verifyLti11Launch(post(url, fields), deps()),
        'ERR_LTI_LTI11_INVALID_PARAMETER',
        'launch_presentation_return_url',
      )
    },
  )

  it('refuses a replayed launch (reload of the auto-submitted form)', async () => {
    const { url, fields } = await launch()
    const shared = deps()
    await verifyLti11Launch(post(url, fields), shared)
    await expectCode(verifyLti11Launch(post(url, fields), shared), 'ERR_LTI_OAUTH_NONCE_REPLAYED')
  })

  it('refuses an oversize launch body', async () => {
    const { url, fields } = await launch({ ...launchParams, custom_big: 'x'.repeat(2048) })
    await expectCode(
      verifyLti11Launch(post(url, fields), deps({ maxBodyBytes: 1024 })),
      'ERR_LTI_INPUT_TOO_LARGE',
    )
  })

  it('needs resource_link_id to build a basic launch', async () => {
    await expect(launch({ user_id: 'u' })).rejects.toThrow(TypeError)
  })
})
