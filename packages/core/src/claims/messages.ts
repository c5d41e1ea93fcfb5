import { z } from 'zod'
import {
  contextClaimSchema,
  customClaimSchema,
  forUserClaimSchema,
  launchPresentationClaimSchema,
  lisClaimSchema,
  lti1p1ClaimSchema,
  resourceLinkClaimSchema,
  roleScopeMentorClaimSchema,
  rolesClaimSchema,
  toolPlatformClaimSchema,
} from './core-claims.js'
import { deepLinkingSettingsClaimSchema } from './deep-linking-settings.js'
import { deploymentIdSchema, ltiIdentifierSchema, webUrlSchema } from './primitives.js'
import {
  agsEndpointClaimSchema,
  basicOutcomeClaimSchema,
  nrpsClaimSchema,
} from './service-claims.js'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from './uris.js'

/*
 * The platform-to-tool LTI 1.3 messages (id_token payloads), one schema each, with required and
 * optional claims per CORE §5.3/§5.4, DL §4.4 and Submission Review §3. All are `.loose()`:
 * "receivers MUST ignore claims they do not understand", so vendor claims are kept, not validated.
 */

/** OIDC claims present in every message (SEC §5.1.2, CORE §5.1). */
const oidcShape = {
  iss: z.string().min(1),
  aud: z.union([z.string().min(1), z.array(z.string()).min(1)]),
  azp: z.string().optional(),
  /** Omitted for anonymous launches (CORE §5.3.6), so optional here; the launch step decides. */
  sub: ltiIdentifierSchema.optional(),
  exp: z.number(),
  iat: z.number(),
  nbf: z.number().optional(),
  nonce: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  middle_name: z.string().optional(),
  picture: z.string().optional(),
  email: z.string().optional(),
  locale: z.string().optional(),
}

/** Optional LTI claims any launch may carry. */
const optionalLaunchShape = {
  [CLAIM.context]: contextClaimSchema.optional(),
  [CLAIM.toolPlatform]: toolPlatformClaimSchema.optional(),
  [CLAIM.roleScopeMentor]: roleScopeMentorClaimSchema.optional(),
  [CLAIM.launchPresentation]: launchPresentationClaimSchema.optional(),
  [CLAIM.lis]: lisClaimSchema.optional(),
  [CLAIM.custom]: customClaimSchema.optional(),
  [CLAIM.lti1p1]: lti1p1ClaimSchema.optional(),
  [CLAIM.lti11LegacyUserId]: z.string().optional(),
  [CLAIM.agsEndpoint]: agsEndpointClaimSchema.optional(),
  [CLAIM.nrpsService]: nrpsClaimSchema.optional(),
  [CLAIM.basicOutcome]: basicOutcomeClaimSchema.optional(),
}

/** Required in every LTI message: `version` "1.3.0" and `deployment_id`. */
const ltiCoreShape = {
  ...oidcShape,
  ...optionalLaunchShape,
  [CLAIM.version]: z.literal(LTI_VERSION),
  [CLAIM.deploymentId]: deploymentIdSchema,
}

/**
 * `LtiResourceLinkRequest`: REQUIRED `target_link_uri`, `resource_link` (with `id`) and `roles`
 * (MAY be empty); `sub` unless the launch is anonymous.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export const ltiResourceLinkRequestSchema = z
  .object({
    ...ltiCoreShape,
    [CLAIM.messageType]: z.literal(MESSAGE_TYPE.resourceLink),
    [CLAIM.targetLinkUri]: webUrlSchema,
    [CLAIM.resourceLink]: resourceLinkClaimSchema,
    [CLAIM.roles]: rolesClaimSchema,
  })
  .loose()
export type LtiResourceLinkRequest = z.infer<typeof ltiResourceLinkRequestSchema>

/**
 * `LtiDeepLinkingRequest`: REQUIRED `deep_linking_settings`. `sub`, `roles` and `target_link_uri`
 * are optional (DL 2.0 doc v2 made `sub` optional; the certification payload has no
 * `target_link_uri`), and there is no `resource_link`.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export const ltiDeepLinkingRequestSchema = z
  .object({
    ...ltiCoreShape,
    [CLAIM.messageType]: z.literal(MESSAGE_TYPE.deepLinkingRequest),
    [CLAIM.deepLinkingSettings]: deepLinkingSettingsClaimSchema,
    [CLAIM.targetLinkUri]: webUrlSchema.optional(),
    [CLAIM.roles]: rolesClaimSchema.optional(),
  })
  .loose()
export type LtiDeepLinkingRequest = z.infer<typeof ltiDeepLinkingRequestSchema>

/** The AGS claim of a submission review: `lineitem` names the line item whose result is shown. */
const submissionReviewAgsSchema = agsEndpointClaimSchema.extend({ lineitem: webUrlSchema })

/**
 * `LtiSubmissionReviewRequest`: REQUIRED `target_link_uri`, `sub` (the viewer), `roles`,
 * `resource_link`, the AGS claim with `lineitem`, and `for_user` with `user_id` (the learner).
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/#lti-submission-review-request-message
 */
export const ltiSubmissionReviewRequestSchema = z
  .object({
    ...ltiCoreShape,
    [CLAIM.messageType]: z.literal(MESSAGE_TYPE.submissionReview),
    sub: ltiIdentifierSchema,
    [CLAIM.targetLinkUri]: webUrlSchema,
    [CLAIM.resourceLink]: resourceLinkClaimSchema,
    [CLAIM.roles]: rolesClaimSchema,
    [CLAIM.agsEndpoint]: submissionReviewAgsSchema,
    [CLAIM.forUser]: forUserClaimSchema,
  })
  .loose()
export type LtiSubmissionReviewRequest = z.infer<typeof ltiSubmissionReviewRequestSchema>

/**
 * Any platform-to-tool launch message, narrowed by its `message_type` claim.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#message-type-claim
 */
export const ltiLaunchMessageSchema = z.discriminatedUnion(CLAIM.messageType, [
  ltiResourceLinkRequestSchema,
  ltiDeepLinkingRequestSchema,
  ltiSubmissionReviewRequestSchema,
])
export type LtiLaunchMessage = z.infer<typeof ltiLaunchMessageSchema>

/** The message types a platform launches a tool with (not the tool's DL response). */
export type LaunchMessageType = LtiLaunchMessage[typeof CLAIM.messageType]

/** The message schema for each launch message type. */
export const LAUNCH_MESSAGE_SCHEMAS = {
  [MESSAGE_TYPE.resourceLink]: ltiResourceLinkRequestSchema,
  [MESSAGE_TYPE.deepLinkingRequest]: ltiDeepLinkingRequestSchema,
  [MESSAGE_TYPE.submissionReview]: ltiSubmissionReviewRequestSchema,
} as const satisfies Record<LaunchMessageType, z.ZodType>

/** Narrows a value to a launch message type ltihub knows. */
export function isLaunchMessageType(value: unknown): value is LaunchMessageType {
  return typeof value === 'string' && Object.hasOwn(LAUNCH_MESSAGE_SCHEMAS, value)
}

/** The message of one type, for APIs generic over the message type. */
export type LaunchMessageOf<T extends LaunchMessageType> = Extract<
  LtiLaunchMessage,
  Record<typeof CLAIM.messageType, T>
>

/**
 * Narrows a launch message to one message type. (TypeScript cannot narrow a union through a
 * computed claim URI key, so use this instead of comparing `message[CLAIM.messageType]`.)
 *
 * @example
 * if (isMessageOfType(message, MESSAGE_TYPE.deepLinkingRequest)) {
 *   const settings = message[CLAIM.deepLinkingSettings]
 * }
 * @see https://www.imsglobal.org/spec/lti/v1p3/#message-type-claim
 */
export function isMessageOfType<T extends LaunchMessageType>(
  message: LtiLaunchMessage,
  type: T,
): message is LaunchMessageOf<T> {
  return message[CLAIM.messageType] === type
}
