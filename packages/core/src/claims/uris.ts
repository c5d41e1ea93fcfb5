/**
 * Claim URIs of LTI 1.3 and LTI Advantage. Code refers to claims only through these constants,
 * never through string literals.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  roleScopeMentor: 'https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  lti1p1: 'https://purl.imsglobal.org/spec/lti/claim/lti1p1',
  lti11LegacyUserId: 'https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id',
  forUser: 'https://purl.imsglobal.org/spec/lti/claim/for_user',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  deepLinkingLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  deepLinkingErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  deepLinkingErrorLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrpsService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome',
} as const

export type ClaimName = (typeof CLAIM)[keyof typeof CLAIM]

/** LTI 1.3 message types. */
export const MESSAGE_TYPE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinkingRequest: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
  submissionReview: 'LtiSubmissionReviewRequest',
} as const

export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE]

/** The only `version` claim value LTI 1.3 defines. */
export const LTI_VERSION = '1.3.0'

/**
 * OAuth 2 scopes of the LTI Advantage services.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#scope-and-allowed-http-methods
 */
export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  contextMembershipReadOnly:
    'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome',
} as const

export type Scope = (typeof SCOPE)[keyof typeof SCOPE]

/** All scopes ltihub's platform can grant, in a stable order. */
export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPE)
