/**
 * Route contracts of the connections API: request bodies (closed shapes, bounded sizes) and
 * response schemas, which strip any field they do not list, so a secret can never leak.
 */
import { ALL_SCOPES } from '@ltihub/core'
import { MAX_CUSTOM_PARAMETER_TEXT } from '@ltihub/core/custom'
import { z } from 'zod'
import { CONNECTION_TYPES, LTI_VERSIONS } from './model.js'

const MAX_URL = 2048
const url = z.string().trim().min(1).max(MAX_URL)
const id = z.string().min(1).max(100)

export const idParams = z.strictObject({ id })

const lti11Body = z.strictObject({
  consumerKey: z.string().trim().min(1).max(255),
  /** Absent on update: keep the stored secret. */
  secret: z.string().min(1).max(255).optional(),
})

const lti13Body = z.strictObject({
  loginUrl: url,
  redirectUris: z.array(url).min(1).max(20),
  targetLinkUri: url.optional(),
  deepLinkingUri: url.optional(),
  jwksUrl: url.optional(),
  publicJwk: z.record(z.string().max(64), z.unknown()).optional(),
  allowedScopes: z
    .array(z.enum(ALL_SCOPES as [string, ...string[]]))
    .max(20)
    .optional(),
})

/** A connection as the API accepts it; omitted fields take the application's defaults. */
export const connectionBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().default(true),
  launchUrl: url.optional(),
  transferEmail: z.boolean().optional(),
  sendName: z.boolean().default(true),
  types: z.array(z.enum(CONNECTION_TYPES)).max(CONNECTION_TYPES.length).optional(),
  learningToolsList: z
    .strictObject({ student: z.boolean(), parent: z.boolean() })
    .default({ student: false, parent: false }),
  /** "name=value" lines (advanced settings); values may hold `$Substitution.variables`. */
  customParameters: z.string().max(MAX_CUSTOM_PARAMETER_TEXT).optional(),
  lti11: lti11Body.optional(),
  lti13: lti13Body.optional(),
  /** Enabled schools; default every licensed school no other connection of the app holds. */
  schoolIds: z.array(id).max(5000).optional(),
})
export type ConnectionBody = z.output<typeof connectionBody>

const defaultsBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).default(''),
  launchUrl: url,
  supportedTypes: z.array(z.enum(CONNECTION_TYPES)).max(CONNECTION_TYPES.length),
  ltiVersions: z.array(z.enum(LTI_VERSIONS)).min(1).max(2),
  customParameters: z.string().max(MAX_CUSTOM_PARAMETER_TEXT).default(''),
  transferEmail: z.boolean().default(false),
  loginUrl: url.optional(),
  redirectUris: z.array(url).max(20).optional(),
  jwksUrl: url.optional(),
})
export type DefaultsBody = z.output<typeof defaultsBody>

/** "Add Application": from the catalog (`partnerId`) or a custom one (`custom`). */
export const applicationCreateBody = z.union([
  z.strictObject({ partnerId: id }),
  z.strictObject({ custom: defaultsBody }),
])
export const applicationUpdateBody = defaultsBody

export const cartridgeImportBody = z.strictObject({ url })

export const approveBody = connectionBody.extend({ applicationId: id })

export const registrationStartBody = z.strictObject({
  toolRegistrationUrl: url,
  schoolIds: z.array(id).min(1).max(5000),
})

// ----- responses --------------------------------------------------------------------------

const typeList = z.array(z.enum(CONNECTION_TYPES)).readonly()

export const applicationResponse = z.object({
  id: z.string(),
  partnerId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  launchUrl: z.string(),
  supportedTypes: typeList,
  ltiVersions: z.array(z.enum(LTI_VERSIONS)).readonly(),
  customParameters: z.record(z.string(), z.string()),
  transferEmail: z.boolean(),
  loginUrl: z.string().optional(),
  redirectUris: z.array(z.string()).readonly().optional(),
  jwksUrl: z.string().optional(),
  /** Types at least one active connection has turned on (the ✓ lozenges). */
  enabledTypes: typeList,
  connectionCount: z.number().int(),
})

export const partnerResponse = applicationResponse
  .omit({ partnerId: true, enabledTypes: true, connectionCount: true })
  .extend({ slug: z.string() })

export const connectionResponse = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  name: z.string(),
  status: z.enum(['active', 'pending', 'disabled']),
  launchUrl: z.string(),
  transferEmail: z.boolean(),
  sendName: z.boolean(),
  types: typeList,
  learningToolsList: z.object({ student: z.boolean(), parent: z.boolean() }),
  customParameters: z.record(z.string(), z.string()),
  lti11: z.object({ consumerKey: z.string(), hasSecret: z.boolean() }).optional(),
  lti13: z
    .object({
      clientId: z.string(),
      issuer: z.string(),
      loginUrl: z.string(),
      redirectUris: z.array(z.string()),
      targetLinkUri: z.string(),
      deepLinkingUri: z.string().optional(),
      jwksUrl: z.string().optional(),
      publicJwk: z.record(z.string(), z.unknown()).optional(),
      allowedScopes: z.array(z.string()),
      deploymentIds: z.array(z.string()),
    })
    .optional(),
  schoolIds: z.array(z.string()),
  registration: z
    .object({
      requestedClaims: z.array(z.string()),
      contacts: z.array(z.string()),
      logoUri: z.string().optional(),
      schoolIds: z.array(z.string()),
      requestedBy: z.string(),
    })
    .optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
})

export const testResultResponse = z.object({
  ok: z.boolean(),
  steps: z
    .array(z.object({ check: z.string(), name: z.string(), ok: z.boolean(), detail: z.string() }))
    .readonly(),
})

export const applicationDetailResponse = z.object({
  application: applicationResponse,
  connections: z.array(connectionResponse),
})

/** A school an application's connection may serve; `takenBy` names the connection holding it. */
export const schoolChoiceResponse = z.object({
  id: z.string(),
  name: z.string(),
  licensed: z.boolean(),
  takenBy: z.string().nullable(),
})

/** What a cartridge fills into the application form. */
export const cartridgePrefillResponse = z.object({
  name: z.string(),
  description: z.string(),
  launchUrl: z.string(),
  customParameters: z.string(),
  iconUrl: z.string().optional(),
})

/** The tool URL to open (with the single-use registration token on it) and when it expires. */
export const registrationStartResponse = z.object({ url: z.string(), expiresAt: z.number() })

export const schoolsQuery = z.strictObject({ connectionId: z.string().min(1).max(100).optional() })
export const connectionsQuery = z.strictObject({ status: z.literal('pending') })
