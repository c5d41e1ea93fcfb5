/** Names and Role Provisioning Services 2.0: membership containers, platform and tool side. */
export {
  MEMBER_STATUS,
  type Member,
  type MemberStatus,
  memberMessageSchema,
  memberSchema,
  memberStatus,
  type MembershipContainer,
  membershipContainerSchema,
  NRPS_ACCEPTED_MEDIA_TYPES,
  NRPS_MEDIA_TYPE,
} from './schema.js'
export {
  buildMembershipPage,
  type MembershipPage,
  type MembershipPageInput,
  membershipPageResponse,
  type MembershipQuery,
  parseMembershipQuery,
} from './platform.js'
export {
  buildMembershipRequest,
  type FetchMembersOptions,
  fetchAllMembers,
  fetchMembershipPages,
  type MembershipFilter,
  type MembershipResponsePage,
  processMembershipResponse,
} from './tool.js'
