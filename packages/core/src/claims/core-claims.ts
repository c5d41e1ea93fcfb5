import { parameterRecordSchema } from '../internal/parameter-record.js'
import { z } from 'zod'
import { ltiIdentifierSchema, optionalTextSchema, webUrlSchema } from './primitives.js'

/*
 * One schema per core LTI 1.3 claim (CORE §5.3, §5.4). Each schema gives both the runtime validator
 * and the TypeScript type. Objects are `.loose()`: receivers "MUST ignore" members they do not
 * understand, so unknown members are kept but not validated.
 */

/**
 * `https://purl.imsglobal.org/spec/lti/claim/context`: "If present, the context claim MUST contain
 * the `id` property"; `type` is an array of context-type URIs.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-claim
 */
export const contextClaimSchema = z
  .object({
    id: ltiIdentifierSchema,
    label: optionalTextSchema,
    title: optionalTextSchema,
    type: z.array(z.string()).optional(),
  })
  .loose()
export type ContextClaim = z.infer<typeof contextClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/resource_link`: `id` is REQUIRED, unique per placement
 * and at most 255 characters; `title` and `description` are optional.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-claim
 */
export const resourceLinkClaimSchema = z
  .object({
    id: ltiIdentifierSchema,
    title: optionalTextSchema,
    description: optionalTextSchema,
  })
  .loose()
export type ResourceLinkClaim = z.infer<typeof resourceLinkClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/tool_platform`: if present, `guid` is REQUIRED
 * (at most 255 characters).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#platform-instance-claim
 */
export const toolPlatformClaimSchema = z
  .object({
    guid: ltiIdentifierSchema,
    name: optionalTextSchema,
    contact_email: optionalTextSchema,
    description: optionalTextSchema,
    url: optionalTextSchema,
    product_family_code: optionalTextSchema,
    version: optionalTextSchema,
  })
  .loose()
export type ToolPlatformClaim = z.infer<typeof toolPlatformClaimSchema>

/** The `document_target` values CORE defines for `launch_presentation`. */
export const DOCUMENT_TARGETS = ['frame', 'iframe', 'window'] as const
export type DocumentTarget = (typeof DOCUMENT_TARGETS)[number]

/**
 * `https://purl.imsglobal.org/spec/lti/claim/launch_presentation`: how the platform shows the tool.
 * `document_target` is one of `frame`, `iframe`, `window`; `height`/`width` are numbers.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#launch-presentation-claim
 */
export const launchPresentationClaimSchema = z
  .object({
    document_target: z.enum(DOCUMENT_TARGETS).optional(),
    height: z.number().nonnegative().optional(),
    width: z.number().nonnegative().optional(),
    return_url: webUrlSchema.optional(),
    locale: z.string().optional(),
  })
  .loose()
export type LaunchPresentationClaim = z.infer<typeof launchPresentationClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/lis`: LIS sourcedids for SIS integration.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#learning-information-services-lis-claim
 */
export const lisClaimSchema = z
  .object({
    person_sourcedid: z.string().optional(),
    course_offering_sourcedid: z.string().optional(),
    course_section_sourcedid: z.string().optional(),
  })
  .loose()
export type LisClaim = z.infer<typeof lisClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/custom`: "a JSON object of key/value pairs [...] the
 * value MUST be a string". `""` is valid; `null` and numbers are not. Unresolved substitution
 * variables arrive as the literal `$Var.name`. Names that would touch a prototype are refused.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#custom-properties-and-variable-substitution
 */
export const customClaimSchema = parameterRecordSchema
export type CustomClaim = z.infer<typeof customClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/roles`: an array of role URIs. It MAY be empty and may
 * hold short names (`Instructor`), unknown URIs or `""`: none of these may fail a launch.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#roles-claim
 */
export const rolesClaimSchema = z.array(z.string())
export type RolesClaim = z.infer<typeof rolesClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor`: the user ids a mentor may see,
 * sent only with the `membership#Mentor` role.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-scope-mentor-claims
 */
export const roleScopeMentorClaimSchema = z.array(z.string())
export type RoleScopeMentorClaim = z.infer<typeof roleScopeMentorClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/for_user`: the user a submission review (or data
 * privacy) launch is about; `user_id` is REQUIRED.
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/#for_user-claim
 */
export const forUserClaimSchema = z
  .object({
    user_id: ltiIdentifierSchema,
    person_sourcedid: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    name: z.string().optional(),
    email: z.string().optional(),
    roles: z.array(z.string()).optional(),
  })
  .loose()
export type ForUserClaim = z.infer<typeof forUserClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti/claim/lti1p1`: LTI 1.1 identifiers of a migrated link, with
 * `oauth_consumer_key_sign` proving the platform knows the 1.1 secret. A value that is absent
 * equals its LTI 1.3 counterpart.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export const lti1p1ClaimSchema = z
  .object({
    user_id: z.string().optional(),
    context_id: z.string().optional(),
    resource_link_id: z.string().optional(),
    tool_consumer_instance_guid: z.string().optional(),
    oauth_consumer_key: z.string().optional(),
    oauth_consumer_key_sign: z.string().optional(),
  })
  .loose()
export type Lti1p1Claim = z.infer<typeof lti1p1ClaimSchema>
