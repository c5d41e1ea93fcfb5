import { z } from 'zod'
import { contextClaimSchema } from '../claims/core-claims.js'
import { webUrlSchema } from '../claims/primitives.js'
import { CLAIM } from '../claims/uris.js'

/**
 * NRPS media types. Old Canvas versions answered with the `lis` spelling; tools accept both.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type
 */
export const NRPS_MEDIA_TYPE = {
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
  legacyMembershipContainer: 'application/vnd.ims.lis.v2.membershipcontainer+json',
} as const

/** What a tool accepts as the Content-Type of a membership response. */
export const NRPS_ACCEPTED_MEDIA_TYPES: readonly string[] = [
  NRPS_MEDIA_TYPE.membershipContainer,
  NRPS_MEDIA_TYPE.legacyMembershipContainer,
  'application/json',
]

/** `status` of a membership; `Deleted` only appears in a differences response. */
export const MEMBER_STATUS = ['Active', 'Inactive', 'Deleted'] as const
export type MemberStatus = (typeof MEMBER_STATUS)[number]

const personText = z.string().max(1024).nullish()

/**
 * One entry of `message` (resource link membership, `rlid`): the LTI 1.3 claims this member would
 * receive in a launch of that link, `message_type` included.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#resource-link-membership-service
 */
export const memberMessageSchema = z.object({ [CLAIM.messageType]: z.string().min(1) }).loose()

/**
 * A member: `user_id` (the `sub` of launches) and `roles` are the minimum; everything else depends
 * on the platform's privacy policy and tools must not depend on it.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#sharing-of-personal-data
 */
export const memberSchema = z
  .object({
    user_id: z.string().min(1).max(255),
    roles: z.array(z.string().max(1024)).max(256),
    status: z.enum(MEMBER_STATUS).optional(),
    name: personText,
    given_name: personText,
    family_name: personText,
    middle_name: personText,
    email: personText,
    picture: personText,
    lis_person_sourcedid: personText,
    lti11_legacy_user_id: personText,
    message: z.array(memberMessageSchema).optional(),
  })
  .loose()
export type Member = z.infer<typeof memberSchema>

/**
 * The membership container: `id` (the URL of this container), `context` (`id` REQUIRED) and
 * `members`.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export const membershipContainerSchema = z
  .object({
    id: webUrlSchema,
    context: contextClaimSchema,
    members: z.array(memberSchema),
  })
  .loose()
export type MembershipContainer = z.infer<typeof membershipContainerSchema>

/** A member's status: `Active` when absent ("default when absent"). */
export function memberStatus(member: Pick<Member, 'status'>): MemberStatus {
  return member.status ?? 'Active'
}
