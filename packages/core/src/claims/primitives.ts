import { z } from 'zod'

/**
 * Small building blocks the claim schemas share. Kept in one module so every claim applies the same
 * limits (the spec caps identifiers at 255 characters) and the same URL rules.
 */

/** A web URL (http or https). `z.url()` alone would also accept `javascript:` and `data:` URLs. */
export const webUrlSchema = z.url({ protocol: /^https?$/ })

/**
 * An identifier the spec limits to 255 characters (`sub`, `resource_link.id`, `context.id`,
 * `tool_platform.guid`, `for_user.user_id`).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#user-identity-claims
 */
export const ltiIdentifierSchema = z.string().min(1).max(255)

/**
 * A `deployment_id`: "a case-sensitive string [...] It MUST NOT exceed 255 ASCII characters".
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti-deployment-id-claim
 */
export const deploymentIdSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7E]+$/, 'deployment_id must be printable ASCII')

/** Optional display text. Some platforms send `null` for an absent title; treat it as absent. */
export const optionalTextSchema = z.string().nullish()
