import { LtiError } from '../errors/lti-error.js'
import {
  assertValid,
  formatIssuePath,
  isJsonObject,
  isSecureUrl,
  parseAbsoluteUrl,
} from '../internal/services-http.js'
import { buildServiceRequest, type ServiceRequestOptions } from '../paging/service-request.js'
import { processServiceJson, type ServiceResponseOptions } from '../paging/service-response.js'
import { assertOk, readResponseJson } from '../paging/upstream-error.js'
import {
  type PlatformConfiguration,
  platformConfigurationSchema,
  type RegistrationResponse,
  registrationResponseSchema,
  type ToolRegistration,
  toolRegistrationSchema,
} from './schema.js'
import { DR_KEY } from './uris.js'

/** The parameters the platform adds to the tool's registration initiation URL. */
export interface RegistrationInitiation {
  /** The platform's OpenID configuration URL (https). */
  readonly openidConfiguration: string
  /** The registration access token, sent back as a bearer token. */
  readonly registrationToken?: string
}

const MAX_TOKEN_LENGTH = 8192

function initiationError(claim: string, detail: string): LtiError {
  return new LtiError('ERR_LTI_DR_INVALID_INITIATION', { claim, detail })
}

/**
 * Reads the registration initiation request the platform opens (iframe or popup):
 * `openid_configuration` (REQUIRED, https) and `registration_token` (optional).
 *
 * @throws LtiError `ERR_LTI_DR_INVALID_INITIATION` naming the parameter at fault.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
export function parseRegistrationInitiation(
  url: string | URL,
  options: Pick<ServiceRequestOptions, 'dangerouslyAllowInsecureLoopback'> = {},
): RegistrationInitiation {
  const params = (parseAbsoluteUrl(String(url)) ?? new URL('about:blank')).searchParams
  const configurations = params.getAll('openid_configuration')
  if (configurations.length !== 1) {
    throw initiationError('openid_configuration', `${configurations.length} values`)
  }
  const configuration = parseAbsoluteUrl(configurations[0] ?? '')
  if (
    configuration === undefined ||
    !isSecureUrl(configuration, options.dangerouslyAllowInsecureLoopback === true)
  ) {
    throw initiationError('openid_configuration', 'not an https URL')
  }
  const tokens = params.getAll('registration_token')
  if (tokens.length > 1) throw initiationError('registration_token', 'given twice')
  const [token] = tokens
  if (token === undefined) return { openidConfiguration: configuration.href }
  if (token.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7E]+$/.test(token)) {
    throw initiationError('registration_token', 'not a bearer token')
  }
  return { openidConfiguration: configuration.href, registrationToken: token }
}

/**
 * `GET {openid_configuration}` with `Accept: application/json`, and the registration token as a
 * bearer token when there is one (Canvas requires it on this GET too).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export function buildOpenIdConfigurationRequest(
  initiation: RegistrationInitiation,
  options: ServiceRequestOptions = {},
): Request {
  return buildServiceRequest(
    initiation.openidConfiguration,
    { method: 'GET', accept: 'application/json', accessToken: initiation.registrationToken },
    options,
  )
}

/**
 * Platform quirks read leniently: the spec example's key with a trailing space, and an older
 * Moodle's `messages_supported` as an array of strings.
 */
function normalizeConfiguration(raw: Record<string, unknown>): Record<string, unknown> {
  const key = DR_KEY.platformConfiguration
  const lti = raw[key] ?? raw[`${key} `]
  if (!isJsonObject(lti)) return raw
  const messages = lti['messages_supported']
  const normalized = Array.isArray(messages)
    ? messages.map((message: unknown) =>
        typeof message === 'string' ? { type: message } : message,
      )
    : messages
  return { ...raw, [key]: { ...lti, messages_supported: normalized } }
}

function configurationError(claim: string, detail: string): LtiError {
  return new LtiError('ERR_LTI_DR_INVALID_PLATFORM_CONFIGURATION', {
    ...(claim === '' ? {} : { claim }),
    detail,
  })
}

/** Options of {@link processOpenIdConfigurationResponse}. */
export interface OpenIdConfigurationOptions extends ServiceResponseOptions {
  /** The URL the configuration was fetched from (`openid_configuration`). */
  readonly openidConfigurationUrl: string
  /**
   * The administrator's override (notes §25.8): accept exactly this issuer even when its host
   * differs from the configuration URL's (some platforms serve the configuration elsewhere).
   */
  readonly acceptIssuer?: string | undefined
  /** @deprecated Local development only: allows `http://` endpoints on loopback hosts. */
  readonly dangerouslyAllowInsecureLoopback?: boolean | undefined
}

const ENDPOINTS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'registration_endpoint',
] as const

function checkIssuer(
  configuration: PlatformConfiguration,
  options: OpenIdConfigurationOptions,
): void {
  if (options.acceptIssuer !== undefined) {
    if (configuration.issuer !== options.acceptIssuer) {
      throw new LtiError('ERR_LTI_DR_ISSUER_MISMATCH', {
        claim: 'issuer',
        detail: 'not the accepted issuer',
      })
    }
    return
  }
  // DR §3.5.1: the issuer MUST match the host of the openid_configuration URL.
  const issuerHost = new URL(configuration.issuer).host
  const configurationHost = parseAbsoluteUrl(options.openidConfigurationUrl)?.host
  if (issuerHost !== configurationHost) {
    throw new LtiError('ERR_LTI_DR_ISSUER_MISMATCH', {
      claim: 'issuer',
      detail: `issuer host ${issuerHost}, configuration host ${configurationHost ?? '?'}`,
    })
  }
}

/**
 * Reads and checks the platform's OpenID configuration: 2xx, JSON, the schema (with the known
 * platform quirks tolerated), https endpoints, and the issuer against the configuration URL's host
 * (or the administrator's `acceptIssuer` override).
 *
 * @throws UpstreamError for a non-2xx status or a body that is not JSON.
 * @throws LtiError `ERR_LTI_DR_INVALID_PLATFORM_CONFIGURATION` naming the field, or
 *   `ERR_LTI_DR_ISSUER_MISMATCH`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match
 */
export async function processOpenIdConfigurationResponse(
  response: Response,
  options: OpenIdConfigurationOptions,
): Promise<PlatformConfiguration> {
  await assertOk(response, options.clock)
  const raw = await readResponseJson(response, {
    accept: ['application/json'],
    maxBytes: options.maxBytes ?? 262_144,
  })
  if (!isJsonObject(raw)) throw configurationError('', 'not a JSON object')
  const parsed = platformConfigurationSchema.safeParse(normalizeConfiguration(raw))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const claim = issue === undefined ? '' : formatIssuePath(issue.path)
    throw configurationError(claim, issue?.message ?? 'invalid')
  }
  const configuration = parsed.data
  for (const endpoint of ENDPOINTS) {
    const url = new URL(configuration[endpoint])
    if (!isSecureUrl(url, options.dangerouslyAllowInsecureLoopback === true)) {
      throw configurationError(endpoint, 'not https')
    }
  }
  checkIssuer(configuration, options)
  return configuration
}

/** What the tool sends to register. */
export interface RegistrationRequestInput {
  readonly configuration: PlatformConfiguration
  readonly registration: ToolRegistration
  readonly registrationToken?: string | undefined
}

/**
 * `POST {registration_endpoint}` with the tool's registration as `application/json` and the
 * registration token as a bearer token when there is one. Throws `TypeError` when the
 * registration is invalid.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-3-client-registration
 */
export function buildRegistrationRequest(
  input: RegistrationRequestInput,
  options: ServiceRequestOptions = {},
): Request {
  const registration = assertValid(toolRegistrationSchema, input.registration, 'registration')
  return buildServiceRequest(
    input.configuration.registration_endpoint,
    {
      method: 'POST',
      accept: 'application/json',
      contentType: 'application/json',
      body: JSON.stringify(registration),
      accessToken: input.registrationToken,
    },
    options,
  )
}

/** The platform's answer to a registration, with the two values a tool stores. */
export interface RegistrationOutcome {
  readonly clientId: string
  readonly deploymentId?: string
  readonly response: RegistrationResponse
}

/**
 * Reads the platform's answer to the registration: any 2xx (RFC 7591 says 201; Moodle sends
 * 200), read leniently; `client_id` is required, `deployment_id` is taken from the LTI tool
 * configuration when present. An RFC 7591 error body ends up in the `UpstreamError` detail.
 *
 * @throws UpstreamError for a non-2xx status or an unusable body.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export async function processRegistrationResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<RegistrationOutcome> {
  const { body } = await processServiceJson(
    response,
    ['application/json'],
    registrationResponseSchema,
    options,
  )
  const deploymentId = body[DR_KEY.toolConfiguration]?.deployment_id
  return {
    clientId: body.client_id,
    ...(deploymentId === undefined ? {} : { deploymentId }),
    response: body,
  }
}
