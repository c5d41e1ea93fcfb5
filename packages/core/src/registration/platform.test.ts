import { describe, expect, it } from 'vitest'
import { isLtiError, LtiError } from '../errors/lti-error.js'
import { MemoryNonceStore } from '../ports.js'
import { buildOpenIdConfiguration, openIdConfigurationResponse } from './openid-configuration.js'
import { hostWithinDomains } from './platform-checks.js'
import {
  parseRegistrationRequest,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorBody,
  registrationErrorResponse,
  registrationResponseBody,
} from './platform.js'
import { platformConfigurationSchema, toolRegistrationSchema } from './schema.js'
import { DR_KEY } from './uris.js'
import examples from './vectors/dr-examples.json' with { type: 'json' }

const TOOL = DR_KEY.toolConfiguration
const registration = examples.toolRegistration
type Body = Record<string, unknown>

function without(body: Body, key: string): Body {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))
}
function withTool(tool: Body): Body {
  return { ...registration, [TOOL]: { ...registration[TOOL], ...tool } }
}
function failure(run: () => unknown): { code: string; claim: string | undefined } {
  try {
    run()
  } catch (error) {
    if (isLtiError(error)) return { code: error.code, claim: error.claim }
    throw error
  }
  throw new Error('expected an LtiError')
}
const check = (body: unknown, policy = {}) =>
  failure(() => parseRegistrationRequest(body, { policy }))

describe('parseRegistrationRequest', () => {
  it('accepts the DR example and keeps localized and unknown fields', () => {
    const parsed = parseRegistrationRequest(registration)
    expect(parsed).toEqual(registration)
    expect(parsed).toHaveProperty(['client_name#ja'])
  })

  it.each<[string, Body, string]>([
    ['initiate_login_uri', without(registration, 'initiate_login_uri'), 'initiate_login_uri'],
    ['jwks_uri', without(registration, 'jwks_uri'), 'jwks_uri'],
    ['redirect_uris', without(registration, 'redirect_uris'), 'redirect_uris'],
    ['an empty redirect_uris', { ...registration, redirect_uris: [] }, 'redirect_uris'],
    ['a blank jwks_uri', { ...registration, jwks_uri: '' }, 'jwks_uri'],
    ['client_name', without(registration, 'client_name'), 'client_name'],
    ['the LTI tool configuration', without(registration, TOOL), `["${TOOL}"]`],
    ['domain', withTool({ domain: undefined }), `["${TOOL}"].domain`],
    ['target_link_uri', withTool({ target_link_uri: null }), `["${TOOL}"].target_link_uri`],
  ])('refuses a registration without %s (ERR_LTI_DR_MISSING_FIELD)', (_name, body, claim) => {
    expect(check(body)).toEqual({ code: 'ERR_LTI_DR_MISSING_FIELD', claim })
  })

  it.each([['client_secret_basic'], ['none'], [undefined]])(
    'refuses token_endpoint_auth_method %s (ERR_LTI_DR_UNSUPPORTED_AUTH_METHOD)',
    (method) => {
      const body =
        method === undefined
          ? without(registration, 'token_endpoint_auth_method')
          : { ...registration, token_endpoint_auth_method: method }
      expect(check(body)).toEqual({
        code: 'ERR_LTI_DR_UNSUPPORTED_AUTH_METHOD',
        claim: 'token_endpoint_auth_method',
      })
    },
  )

  it.each([[['code']], ['id_token'], [undefined], [[]]])(
    'refuses response_types %j (ERR_LTI_DR_ID_TOKEN_RESPONSE_TYPE_REQUIRED)',
    (types) => {
      const body =
        types === undefined
          ? without(registration, 'response_types')
          : { ...registration, response_types: types }
      expect(check(body)).toEqual({
        code: 'ERR_LTI_DR_ID_TOKEN_RESPONSE_TYPE_REQUIRED',
        claim: 'response_types',
      })
    },
  )

  it.each<[string, unknown, string | undefined]>([
    [
      'application_type native',
      { ...registration, application_type: 'native' },
      'application_type',
    ],
    [
      'a redirect URI that is not a URL',
      { ...registration, redirect_uris: ['callback'] },
      'redirect_uris[0]',
    ],
    ['a javascript: logo', { ...registration, logo_uri: 'javascript:alert(1)' }, 'logo_uri'],
    [
      'grant_types as a string',
      { ...registration, grant_types: 'client_credentials' },
      'grant_types',
    ],
    [
      'a custom parameter that is not a string',
      withTool({ custom_parameters: { a: 1 } }),
      `["${TOOL}"].custom_parameters.a`,
    ],
    [
      'a message without type',
      withTool({ messages: [{ label: 'x' }] }),
      `["${TOOL}"].messages[0].type`,
    ],
    ['an array body', [registration], undefined],
    ['a null body', null, undefined],
  ])('refuses %s (ERR_LTI_DR_INVALID_METADATA)', (_name, body, claim) => {
    expect(check(body)).toEqual({ code: 'ERR_LTI_DR_INVALID_METADATA', claim })
  })

  it.each<[string, Body, string]>([
    [
      'an http redirect URI',
      {
        ...registration,
        redirect_uris: ['https://client.example.org/a', 'http://client.example.org/b'],
      },
      'redirect_uris[1]',
    ],
    ['an http JWKS', { ...registration, jwks_uri: 'http://client.example.org/jwks' }, 'jwks_uri'],
    [
      'an http login initiation',
      { ...registration, initiate_login_uri: 'http://client.example.org/lti' },
      'initiate_login_uri',
    ],
    [
      'an http message target',
      withTool({
        messages: [
          { type: 'LtiDeepLinkingRequest', target_link_uri: 'http://client.example.org/dl' },
        ],
      }),
      `["${TOOL}"].messages[0].target_link_uri`,
    ],
  ])('refuses %s (ERR_LTI_DR_INSECURE_URL)', (_name, body, claim) => {
    expect(check(body)).toEqual({ code: 'ERR_LTI_DR_INSECURE_URL', claim })
  })

  it('accepts http on loopback only with the loud development opt-in', () => {
    const local = {
      ...registration,
      initiate_login_uri: 'http://localhost:3000/lti',
      redirect_uris: ['http://localhost:3000/launch'],
      jwks_uri: 'http://localhost:3000/jwks',
      [TOOL]: { domain: 'localhost:3000', target_link_uri: 'http://localhost:3000/lti' },
    }
    expect(check(local).code).toBe('ERR_LTI_DR_INSECURE_URL')
    expect(
      parseRegistrationRequest(local, { policy: { dangerouslyAllowInsecureLoopback: true } })
        .jwks_uri,
    ).toBe('http://localhost:3000/jwks')
    const remote = { ...local, jwks_uri: 'http://tool.example/jwks' }
    expect(
      failure(() =>
        parseRegistrationRequest(remote, { policy: { dangerouslyAllowInsecureLoopback: true } }),
      ),
    ).toEqual({
      code: 'ERR_LTI_DR_INSECURE_URL',
      claim: 'jwks_uri',
    })
  })

  it.each<[string, Body, string]>([
    [
      'a redirect URI on another host',
      { ...registration, redirect_uris: ['https://evil.example/callback'] },
      'redirect_uris[0]',
    ],
    [
      'a look-alike host',
      { ...registration, redirect_uris: ['https://evilclient.example.org/cb'] },
      'redirect_uris[0]',
    ],
    [
      'a target link on another host',
      withTool({ target_link_uri: 'https://other.example/lti' }),
      `["${TOOL}"].target_link_uri`,
    ],
    [
      'a message target on another host',
      withTool({
        messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: 'https://other.example/dl' }],
      }),
      `["${TOOL}"].messages[0].target_link_uri`,
    ],
  ])('refuses %s (ERR_LTI_DR_URL_OUTSIDE_DOMAIN)', (_name, body, claim) => {
    expect(check(body)).toEqual({ code: 'ERR_LTI_DR_URL_OUTSIDE_DOMAIN', claim })
    expect(
      parseRegistrationRequest(body, { policy: { requireUrlsInToolDomains: false } }),
    ).toBeTruthy()
  })

  it('accepts secondary domains and subdomains', () => {
    const body = {
      ...withTool({ secondary_domains: ['cdn.example.net'] }),
      redirect_uris: ['https://cdn.example.net/cb', 'https://eu.client.example.org/cb'],
    }
    expect(parseRegistrationRequest(body).redirect_uris).toHaveLength(2)
  })

  it('compares ports only when the domain names one', () => {
    expect(hostWithinDomains('https://tool.example:8443/x', ['tool.example'])).toBe(true)
    expect(hostWithinDomains('https://tool.example:8443/x', ['tool.example:8443'])).toBe(true)
    expect(hostWithinDomains('https://tool.example/x', ['tool.example:8443'])).toBe(false)
    expect(hostWithinDomains('https://TOOL.example/x', ['https://Tool.Example/'])).toBe(true)
    expect(hostWithinDomains('not a url', ['tool.example'])).toBe(false)
  })
})

describe('readRegistrationRequest', () => {
  const store = new MemoryNonceStore(() => 0)
  const consumeRegistrationToken = (token: string) =>
    token.startsWith('issued-') ? store.consume('dr', token, 60_000) : Promise.resolve(false)
  const post = (
    token: string | undefined,
    body: string = JSON.stringify(registration),
    type = 'application/json',
  ) =>
    new Request('https://server.example.com/connect/register', {
      method: 'POST',
      body,
      headers: {
        'content-type': type,
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
    })
  const code = async (run: () => Promise<unknown>) => {
    const error: unknown = await run().catch((e: unknown) => e)
    return isLtiError(error) ? error.code : String(error)
  }

  it('reads a registration with a valid token', async () => {
    const result = await readRegistrationRequest(post('issued-1'), { consumeRegistrationToken })
    expect(result.registrationToken).toBe('issued-1')
    expect(result.registration.client_name).toBe('Virtual Garden')
  })

  it('answers 401 without a token, with an unknown token and with a reused one', async () => {
    expect(
      await code(() => readRegistrationRequest(post(undefined), { consumeRegistrationToken })),
    ).toBe('ERR_LTI_DR_TOKEN_REQUIRED')
    expect(
      await code(() => readRegistrationRequest(post('forged'), { consumeRegistrationToken })),
    ).toBe('ERR_LTI_DR_TOKEN_INVALID')
    await readRegistrationRequest(post('issued-2'), { consumeRegistrationToken })
    expect(
      await code(() => readRegistrationRequest(post('issued-2'), { consumeRegistrationToken })),
    ).toBe('ERR_LTI_DR_TOKEN_INVALID')
  })

  it('checks the media type, the size and the JSON', async () => {
    expect(
      await code(() =>
        readRegistrationRequest(post('issued-3', '{}', 'text/plain'), { consumeRegistrationToken }),
      ),
    ).toBe('ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
    expect(
      await code(() =>
        readRegistrationRequest(post('issued-4', '{'), { consumeRegistrationToken }),
      ),
    ).toBe('ERR_LTI_MALFORMED_JSON')
    const huge = JSON.stringify({ ...registration, description: 'x'.repeat(70_000) })
    expect(
      await code(() =>
        readRegistrationRequest(post('issued-5', huge), { consumeRegistrationToken }),
      ),
    ).toBe('ERR_LTI_INPUT_TOO_LARGE')
  })

  it('needs a token check unless anonymous registration is opted into', async () => {
    await expect(readRegistrationRequest(post(undefined))).rejects.toThrow(TypeError)
    const open = await readRegistrationRequest(post(undefined), {
      dangerouslyAllowAnonymousRegistration: true,
    })
    expect(open.registrationToken).toBeUndefined()
  })
})

describe('registration errors and responses', () => {
  it('maps codes to the RFC 7591 error body without private detail', async () => {
    const redirect = new LtiError('ERR_LTI_DR_URL_OUTSIDE_DOMAIN', {
      claim: 'redirect_uris[0]',
      detail: 'secret-ish',
    })
    expect(registrationErrorBody(redirect)).toEqual({
      error: 'invalid_redirect_uri',
      error_description: `${redirect.description} (redirect_uris[0])`,
    })
    expect(
      registrationErrorBody(new LtiError('ERR_LTI_DR_MISSING_FIELD', { claim: 'jwks_uri' })).error,
    ).toBe('invalid_client_metadata')
    expect(registrationErrorBody(new LtiError('ERR_LTI_MALFORMED_JSON')).error).toBe(
      'invalid_client_metadata',
    )
    const response = registrationErrorResponse(redirect)
    expect(response.status).toBe(400)
    expect(await response.text()).not.toContain('secret-ish')
    const unauthorized = registrationErrorResponse(new LtiError('ERR_LTI_DR_TOKEN_INVALID'))
    expect(unauthorized.status).toBe(401)
    expect(unauthorized.headers.get('www-authenticate')).toContain('invalid_token')
    expect(await unauthorized.json()).toMatchObject({ error: 'invalid_token' })
  })

  it('echoes the registration with client_id, narrowed scope and deployment_id', async () => {
    const body = registrationResponseBody({
      registration: toolRegistrationSchema.parse(registration),
      clientId: 'client-1',
      deploymentId: 'dep-1',
      grantedScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    })
    expect(body.client_id).toBe('client-1')
    expect(body.scope).toBe('https://purl.imsglobal.org/spec/lti-ags/scope/score')
    expect(body[TOOL]).toMatchObject({ domain: 'client.example.org', deployment_id: 'dep-1' })
    const response = registrationCreatedResponse(body)
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json')
  })
})

describe('buildOpenIdConfiguration', () => {
  const input = {
    issuer: 'https://server.example.com',
    authorizationEndpoint: 'https://server.example.com/connect/authorize',
    tokenEndpoint: 'https://server.example.com/connect/token',
    jwksUri: 'https://server.example.com/jwks.json',
    registrationEndpoint: 'https://server.example.com/connect/register',
    scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'openid'],
    productFamilyCode: 'ltihub',
    version: '0.1.0',
    messagesSupported: [
      { type: 'LtiResourceLinkRequest' },
      { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
    ],
    variables: ['Context.id.history'],
  }

  it('writes every field the spec lists, private_key_jwt and RS256', async () => {
    const configuration = buildOpenIdConfiguration(input)
    expect(platformConfigurationSchema.parse(configuration)).toEqual(configuration)
    expect(configuration).toMatchObject({
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['id_token'],
      scopes_supported: ['openid', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      subject_types_supported: ['public'],
      [DR_KEY.platformConfiguration]: {
        product_family_code: 'ltihub',
        version: '0.1.0',
        messages_supported: input.messagesSupported,
        variables: ['Context.id.history'],
      },
    })
    expect(configuration.claims_supported).toContain('sub')
    const response = openIdConfigurationResponse(configuration)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual(configuration)
  })

  it('refuses misconfiguration as TypeError', () => {
    expect(() =>
      buildOpenIdConfiguration({ ...input, tokenEndpoint: 'http://server.example.com/token' }),
    ).toThrow(TypeError)
    expect(() => buildOpenIdConfiguration({ ...input, productFamilyCode: '' })).toThrow(TypeError)
    expect(() => buildOpenIdConfiguration({ ...input, messagesSupported: [{ type: '' }] })).toThrow(
      TypeError,
    )
  })
})
