import { z } from 'zod'
import { webUrlSchema } from '../claims/primitives.js'
import { DR_KEY } from './uris.js'

/*
 * Dynamic Registration payloads. Field names are the spec's (OpenID / RFC 7591 snake_case).
 * Objects are `.loose()`: OIDC allows extra metadata (`client_name#ja`, vendor keys).
 */

const shortText = z.string().max(1024)
const stringList = z.array(z.string().max(1024)).max(256)

/** One message type a platform supports, with the placements it offers for it. */
export const supportedMessageSchema = z
  .object({ type: z.string().min(1).max(255), placements: stringList.optional() })
  .loose()

/**
 * `https://purl.imsglobal.org/spec/lti-platform-configuration`: product, version, the message
 * types supported and (optionally) the substitution variables supported, without `$`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export const ltiPlatformConfigurationSchema = z
  .object({
    product_family_code: z.string().min(1).max(255),
    version: shortText,
    messages_supported: z.array(supportedMessageSchema).max(256),
    variables: stringList.optional(),
  })
  .loose()
export type LtiPlatformConfiguration = z.infer<typeof ltiPlatformConfigurationSchema>

/**
 * The platform's OpenID configuration (`openid-configuration`). The endpoints and the LTI object
 * are required; the `*_supported` lists are optional when reading (real platforms omit some) but
 * `buildOpenIdConfiguration` always writes them.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export const platformConfigurationSchema = z
  .object({
    issuer: webUrlSchema,
    authorization_endpoint: webUrlSchema,
    token_endpoint: webUrlSchema,
    token_endpoint_auth_methods_supported: stringList.optional(),
    token_endpoint_auth_signing_alg_values_supported: stringList.optional(),
    jwks_uri: webUrlSchema,
    registration_endpoint: webUrlSchema,
    scopes_supported: stringList.optional(),
    response_types_supported: stringList.optional(),
    subject_types_supported: stringList.optional(),
    id_token_signing_alg_values_supported: stringList.optional(),
    claims_supported: stringList.optional(),
    authorization_server: shortText.optional(),
    [DR_KEY.platformConfiguration]: ltiPlatformConfigurationSchema,
  })
  .loose()
export type PlatformConfiguration = z.infer<typeof platformConfigurationSchema>

const customParameters = z.record(z.string().max(255), z.string().max(4096))

/** One message the tool offers: `type` is required, the rest refines it. */
export const toolMessageSchema = z
  .object({
    type: z.string().min(1).max(255),
    target_link_uri: webUrlSchema.optional(),
    label: shortText.optional(),
    icon_uri: webUrlSchema.optional(),
    custom_parameters: customParameters.optional(),
    placements: stringList.optional(),
    roles: stringList.optional(),
  })
  .loose()
export type ToolMessage = z.infer<typeof toolMessageSchema>

/**
 * `https://purl.imsglobal.org/spec/lti-tool-configuration`: `domain` and `target_link_uri` are
 * required; `deployment_id` only appears in the platform's response.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#lti-configuration-0
 */
export const ltiToolConfigurationSchema = z
  .object({
    domain: z.string().min(1).max(255),
    secondary_domains: z.array(z.string().min(1).max(255)).max(64).optional(),
    deployment_id: z.string().min(1).max(255).optional(),
    target_link_uri: webUrlSchema,
    custom_parameters: customParameters.optional(),
    description: z.string().max(4096).optional(),
    messages: z.array(toolMessageSchema).max(64).optional(),
    claims: stringList.optional(),
  })
  .loose()
export type LtiToolConfiguration = z.infer<typeof ltiToolConfigurationSchema>

/**
 * The tool's registration request (an OpenID Connect client registration with the LTI object).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration
 */
export const toolRegistrationSchema = z
  .object({
    application_type: z.literal('web').optional(),
    response_types: stringList,
    grant_types: stringList,
    initiate_login_uri: webUrlSchema,
    redirect_uris: z.array(webUrlSchema).min(1).max(64),
    client_name: z.string().min(1).max(1024),
    jwks_uri: webUrlSchema,
    logo_uri: webUrlSchema.optional(),
    client_uri: webUrlSchema.optional(),
    policy_uri: webUrlSchema.optional(),
    tos_uri: webUrlSchema.optional(),
    contacts: stringList.optional(),
    token_endpoint_auth_method: z.string().max(255),
    scope: z.string().max(4096).optional(),
    [DR_KEY.toolConfiguration]: ltiToolConfigurationSchema,
  })
  .loose()
export type ToolRegistration = z.infer<typeof toolRegistrationSchema>

/**
 * The platform's answer: the accepted registration echoed with `client_id` and the
 * `deployment_id` it created. Read leniently (an older Moodle sends `application_type` as an
 * array), so only what a tool needs is validated.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export const registrationResponseSchema = z
  .object({
    client_id: z.string().min(1).max(255),
    registration_client_uri: z.string().max(2048).optional(),
    scope: z.string().max(4096).optional(),
    [DR_KEY.toolConfiguration]: z
      .object({ deployment_id: z.string().min(1).max(255).optional() })
      .loose()
      .optional(),
  })
  .loose()
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>
