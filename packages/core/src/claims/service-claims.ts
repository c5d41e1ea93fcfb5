import { z } from 'zod'
import { webUrlSchema } from './primitives.js'

/*
 * Launch claims that advertise LTI Advantage services (AGS, NRPS) and Basic Outcomes over LTI 1.3.
 * Objects are `.loose()`: unknown members are kept but not validated.
 */

/**
 * `lineitem` is "only when the launched link has exactly one associated line item; else absent or
 * blank", so an empty string is accepted here and read as absent by `launchView`.
 */
const optionalEndpointUrl = z.union([webUrlSchema, z.literal('')]).optional()

/**
 * `https://purl.imsglobal.org/spec/lti-ags/claim/endpoint`: the AGS scopes the tool may request in
 * this context and the line item container / line item URLs.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
 */
export const agsEndpointClaimSchema = z
  .object({
    scope: z.array(z.string()),
    lineitems: optionalEndpointUrl,
    lineitem: optionalEndpointUrl,
  })
  .loose()
export type AgsEndpointClaim = z.infer<typeof agsEndpointClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice`: the fully resolved membership
 * URL of the launch context and the service versions (`["2.0"]`).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration
 */
export const nrpsClaimSchema = z
  .object({
    context_memberships_url: webUrlSchema,
    service_versions: z.array(z.string()).min(1),
  })
  .loose()
export type NrpsClaim = z.infer<typeof nrpsClaimSchema>

/**
 * `https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome`: Basic Outcomes (POX) over LTI 1.3,
 * the sourcedid of this (link, user) and the outcome service URL.
 * @see https://www.imsglobal.org/spec/lti-bo/v1p1/#integration-with-lti-1-3
 */
export const basicOutcomeClaimSchema = z
  .object({
    lis_result_sourcedid: z.string().min(1),
    lis_outcome_service_url: webUrlSchema,
  })
  .loose()
export type BasicOutcomeClaim = z.infer<typeof basicOutcomeClaimSchema>
