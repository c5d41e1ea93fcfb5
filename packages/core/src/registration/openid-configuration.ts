import { assertValid, isSecureUrl, parseAbsoluteUrl } from '../internal/services-http.js'
import { DEFAULT_ALGORITHMS, type SigningAlgorithm } from '../keys/types.js'
import { type PlatformConfiguration, platformConfigurationSchema } from './schema.js'
import { DR_KEY, PRIVATE_KEY_JWT } from './uris.js'

/** OIDC standard claims a platform typically releases to tools. */
export const DEFAULT_CLAIMS_SUPPORTED: readonly string[] = [
  'sub',
  'iss',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'email',
  'locale',
]

/** What a platform publishes about itself; camelCase here, the spec's names on the wire. */
export interface OpenIdConfigurationInput {
  /** The `iss` of the platform's id_tokens. */
  readonly issuer: string
  readonly authorizationEndpoint: string
  readonly tokenEndpoint: string
  readonly jwksUri: string
  readonly registrationEndpoint: string
  /** LTI scopes the platform grants (`openid` is added). */
  readonly scopes: readonly string[]
  /** e.g. `ltihub`; tools use it to recognise the platform product. */
  readonly productFamilyCode: string
  readonly version: string
  readonly messagesSupported: readonly {
    readonly type: string
    readonly placements?: readonly string[]
  }[]
  /** Supported substitution variables, without `$`. */
  readonly variables?: readonly string[] | undefined
  readonly claimsSupported?: readonly string[] | undefined
  readonly subjectTypesSupported?: readonly string[] | undefined
  readonly idTokenSigningAlgValues?: readonly SigningAlgorithm[] | undefined
  /** The `aud` tools must use in client assertions when it is not the token endpoint. */
  readonly authorizationServer?: string | undefined
  /**
   * @deprecated Local development only: allows `http://` endpoints on loopback hosts.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean | undefined
}

function checkEndpoints(input: OpenIdConfigurationInput): void {
  const endpoints = {
    issuer: input.issuer,
    authorizationEndpoint: input.authorizationEndpoint,
    tokenEndpoint: input.tokenEndpoint,
    jwksUri: input.jwksUri,
    registrationEndpoint: input.registrationEndpoint,
  }
  for (const [name, value] of Object.entries(endpoints)) {
    const url = parseAbsoluteUrl(value)
    if (url === undefined || !isSecureUrl(url, input.dangerouslyAllowInsecureLoopback === true)) {
      throw new TypeError(`${name} must be an https URL`)
    }
  }
}

/**
 * The platform's OpenID configuration for Dynamic Registration, with the LTI platform object.
 * Token endpoint authentication is always `private_key_jwt`; signing algorithms default to RS256.
 * Throws `TypeError` on misconfiguration (a non-https endpoint, an empty product code).
 *
 * @example
 * const configuration = buildOpenIdConfiguration({
 *   issuer: 'https://lms.example', authorizationEndpoint: 'https://lms.example/lti/auth',
 *   tokenEndpoint: 'https://lms.example/lti/token', jwksUri: 'https://lms.example/lti/jwks',
 *   registrationEndpoint: 'https://lms.example/lti/register', scopes: Object.values(SCOPE),
 *   productFamilyCode: 'ltihub', version: '0.1.0',
 *   messagesSupported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
 * })
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export function buildOpenIdConfiguration(input: OpenIdConfigurationInput): PlatformConfiguration {
  checkEndpoints(input)
  const algorithms = [...(input.idTokenSigningAlgValues ?? DEFAULT_ALGORITHMS)]
  const configuration = {
    issuer: input.issuer,
    authorization_endpoint: input.authorizationEndpoint,
    token_endpoint: input.tokenEndpoint,
    token_endpoint_auth_methods_supported: [PRIVATE_KEY_JWT],
    token_endpoint_auth_signing_alg_values_supported: algorithms,
    jwks_uri: input.jwksUri,
    registration_endpoint: input.registrationEndpoint,
    scopes_supported: ['openid', ...input.scopes.filter((scope) => scope !== 'openid')],
    response_types_supported: ['id_token'],
    subject_types_supported: [...(input.subjectTypesSupported ?? ['public'])],
    id_token_signing_alg_values_supported: algorithms,
    claims_supported: [...(input.claimsSupported ?? DEFAULT_CLAIMS_SUPPORTED)],
    ...(input.authorizationServer === undefined
      ? {}
      : { authorization_server: input.authorizationServer }),
    [DR_KEY.platformConfiguration]: {
      product_family_code: input.productFamilyCode,
      version: input.version,
      messages_supported: input.messagesSupported.map((message) => ({
        type: message.type,
        ...(message.placements === undefined ? {} : { placements: [...message.placements] }),
      })),
      ...(input.variables === undefined ? {} : { variables: [...input.variables] }),
    },
  }
  return assertValid(platformConfigurationSchema, configuration, 'OpenID configuration')
}

/** The `openid-configuration` response: 200, `application/json`. */
export function openIdConfigurationResponse(configuration: PlatformConfiguration): Response {
  return new Response(JSON.stringify(configuration), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })
}
