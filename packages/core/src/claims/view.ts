import { normalizeContextType } from './context-types.js'
import type { AgsEndpointClaim, BasicOutcomeClaim, NrpsClaim } from './service-claims.js'
import type {
  ContextClaim,
  ForUserClaim,
  LaunchPresentationClaim,
  Lti1p1Claim,
  ResourceLinkClaim,
  ToolPlatformClaim,
} from './core-claims.js'
import type { DeepLinkingSettingsClaim } from './deep-linking-settings.js'
import { isMessageOfType, type LaunchMessageType, type LtiLaunchMessage } from './messages.js'
import { CLAIM, MESSAGE_TYPE } from './uris.js'

/*
 * The camelCase convenience view of a launch message. This is the ONLY place that maps wire names
 * to code names (house style §8); everything else keeps the spec's field names.
 */

/** The launching user; absent for anonymous launches (no `sub`). */
export interface LaunchUser {
  readonly id: string
  readonly name: string | undefined
  readonly givenName: string | undefined
  readonly familyName: string | undefined
  readonly middleName: string | undefined
  readonly email: string | undefined
  readonly picture: string | undefined
  readonly locale: string | undefined
}

export interface LaunchContext {
  readonly id: string
  readonly label: string | undefined
  readonly title: string | undefined
  /** The `type` values as sent. */
  readonly type: readonly string[]
  /** The `type` values mapped to context type URIs; deprecated forms are resolved, unknown ones dropped. */
  readonly types: readonly string[]
}

export interface LaunchResourceLink {
  readonly id: string
  readonly title: string | undefined
  readonly description: string | undefined
}

export interface LaunchAgs {
  readonly scopes: readonly string[]
  /** The line item container URL, when the tool may manage line items. */
  readonly lineItemsUrl: string | undefined
  /** The single line item of this link; a blank claim value reads as absent. */
  readonly lineItemUrl: string | undefined
}

export interface LaunchNrps {
  readonly contextMembershipsUrl: string
  readonly serviceVersions: readonly string[]
}

export interface LaunchDeepLinking {
  readonly returnUrl: string
  readonly acceptTypes: readonly string[]
  readonly acceptPresentationDocumentTargets: readonly string[]
  /** `accept_media_types` split at commas. */
  readonly acceptMediaTypes: readonly string[]
  readonly acceptMultiple: boolean | undefined
  readonly acceptLineItem: boolean | undefined
  readonly autoCreate: boolean
  readonly title: string | undefined
  readonly text: string | undefined
  /** Opaque; MUST be echoed in the response `data` claim. */
  readonly data: string | undefined
}

export interface LaunchForUser {
  readonly id: string
  readonly personSourcedId: string | undefined
  readonly givenName: string | undefined
  readonly familyName: string | undefined
  readonly name: string | undefined
  readonly email: string | undefined
  readonly roles: readonly string[]
}

export interface LaunchToolPlatform {
  readonly guid: string
  readonly name: string | undefined
  readonly contactEmail: string | undefined
  readonly description: string | undefined
  readonly url: string | undefined
  readonly productFamilyCode: string | undefined
  readonly version: string | undefined
}

export interface LaunchPresentation {
  readonly documentTarget: string | undefined
  readonly height: number | undefined
  readonly width: number | undefined
  readonly returnUrl: string | undefined
  readonly locale: string | undefined
}

export interface LaunchLti1p1 {
  readonly userId: string | undefined
  readonly contextId: string | undefined
  readonly resourceLinkId: string | undefined
  readonly toolConsumerInstanceGuid: string | undefined
  readonly oauthConsumerKey: string | undefined
  readonly oauthConsumerKeySign: string | undefined
}

/** A launch message with camelCase names, for application code. The raw message stays available. */
export interface LaunchView {
  readonly messageType: LaunchMessageType
  readonly issuer: string
  readonly audience: readonly string[]
  readonly deploymentId: string
  readonly targetLinkUri: string | undefined
  readonly user: LaunchUser | undefined
  readonly roles: readonly string[]
  readonly roleScopeMentor: readonly string[]
  readonly context: LaunchContext | undefined
  readonly resourceLink: LaunchResourceLink | undefined
  readonly toolPlatform: LaunchToolPlatform | undefined
  readonly launchPresentation: LaunchPresentation | undefined
  readonly lis:
    | {
        readonly personSourcedId: string | undefined
        readonly courseOfferingSourcedId: string | undefined
        readonly courseSectionSourcedId: string | undefined
      }
    | undefined
  readonly custom: Readonly<Record<string, string>>
  readonly ags: LaunchAgs | undefined
  readonly nrps: LaunchNrps | undefined
  readonly basicOutcome:
    { readonly resultSourcedId: string; readonly outcomeServiceUrl: string } | undefined
  readonly deepLinking: LaunchDeepLinking | undefined
  readonly forUser: LaunchForUser | undefined
  readonly lti1p1: LaunchLti1p1 | undefined
  /** The validated message with spec names, including claims ltihub does not know. */
  readonly message: LtiLaunchMessage
}

const text = (value: string | null | undefined): string | undefined => value ?? undefined
const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value

function userOf(message: LtiLaunchMessage): LaunchUser | undefined {
  if (message.sub === undefined) return undefined
  return {
    id: message.sub,
    name: message.name,
    givenName: message.given_name,
    familyName: message.family_name,
    middleName: message.middle_name,
    email: message.email,
    picture: message.picture,
    locale: message.locale,
  }
}

function contextOf(claim: ContextClaim | undefined): LaunchContext | undefined {
  if (claim === undefined) return undefined
  const type = claim.type ?? []
  const types = type.map(normalizeContextType).filter((uri) => uri !== undefined)
  return { id: claim.id, label: text(claim.label), title: text(claim.title), type, types }
}

function resourceLinkOf(claim: ResourceLinkClaim): LaunchResourceLink {
  return { id: claim.id, title: text(claim.title), description: text(claim.description) }
}

function toolPlatformOf(claim: ToolPlatformClaim | undefined): LaunchToolPlatform | undefined {
  if (claim === undefined) return undefined
  return {
    guid: claim.guid,
    name: text(claim.name),
    contactEmail: text(claim.contact_email),
    description: text(claim.description),
    url: text(claim.url),
    productFamilyCode: text(claim.product_family_code),
    version: text(claim.version),
  }
}

function presentationOf(
  claim: LaunchPresentationClaim | undefined,
): LaunchPresentation | undefined {
  if (claim === undefined) return undefined
  return {
    documentTarget: claim.document_target,
    height: claim.height,
    width: claim.width,
    returnUrl: claim.return_url,
    locale: claim.locale,
  }
}

function agsOf(claim: AgsEndpointClaim | undefined): LaunchAgs | undefined {
  if (claim === undefined) return undefined
  return {
    scopes: claim.scope,
    lineItemsUrl: blankToUndefined(claim.lineitems),
    lineItemUrl: blankToUndefined(claim.lineitem),
  }
}

function nrpsOf(claim: NrpsClaim | undefined): LaunchNrps | undefined {
  if (claim === undefined) return undefined
  return {
    contextMembershipsUrl: claim.context_memberships_url,
    serviceVersions: claim.service_versions,
  }
}

function basicOutcomeOf(claim: BasicOutcomeClaim | undefined): LaunchView['basicOutcome'] {
  if (claim === undefined) return undefined
  return {
    resultSourcedId: claim.lis_result_sourcedid,
    outcomeServiceUrl: claim.lis_outcome_service_url,
  }
}

function deepLinkingOf(claim: DeepLinkingSettingsClaim): LaunchDeepLinking {
  const mediaTypes = claim.accept_media_types ?? ''
  return {
    returnUrl: claim.deep_link_return_url,
    acceptTypes: claim.accept_types,
    acceptPresentationDocumentTargets: claim.accept_presentation_document_targets,
    acceptMediaTypes: mediaTypes
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== ''),
    acceptMultiple: claim.accept_multiple,
    acceptLineItem: claim.accept_lineitem,
    // DL: auto_create "defaults to false" when absent.
    autoCreate: claim.auto_create ?? false,
    title: claim.title,
    text: claim.text,
    data: claim.data,
  }
}

function forUserOf(claim: ForUserClaim): LaunchForUser {
  return {
    id: claim.user_id,
    personSourcedId: claim.person_sourcedid,
    givenName: claim.given_name,
    familyName: claim.family_name,
    name: claim.name,
    email: claim.email,
    roles: claim.roles ?? [],
  }
}

function lti1p1Of(claim: Lti1p1Claim | undefined): LaunchLti1p1 | undefined {
  if (claim === undefined) return undefined
  return {
    userId: claim.user_id,
    contextId: claim.context_id,
    resourceLinkId: claim.resource_link_id,
    toolConsumerInstanceGuid: claim.tool_consumer_instance_guid,
    oauthConsumerKey: claim.oauth_consumer_key,
    oauthConsumerKeySign: claim.oauth_consumer_key_sign,
  }
}

type MessageSpecific = Pick<LaunchView, 'resourceLink' | 'deepLinking' | 'forUser'>

/** The parts of the view that exist for one message type only. */
function messageSpecific(message: LtiLaunchMessage): MessageSpecific {
  if (isMessageOfType(message, MESSAGE_TYPE.deepLinkingRequest)) {
    const deepLinking = deepLinkingOf(message[CLAIM.deepLinkingSettings])
    return { resourceLink: undefined, deepLinking, forUser: undefined }
  }
  if (isMessageOfType(message, MESSAGE_TYPE.submissionReview)) {
    const resourceLink = resourceLinkOf(message[CLAIM.resourceLink])
    return { resourceLink, deepLinking: undefined, forUser: forUserOf(message[CLAIM.forUser]) }
  }
  if (isMessageOfType(message, MESSAGE_TYPE.resourceLink)) {
    const resourceLink = resourceLinkOf(message[CLAIM.resourceLink])
    return { resourceLink, deepLinking: undefined, forUser: undefined }
  }
  return { resourceLink: undefined, deepLinking: undefined, forUser: undefined }
}

/**
 * Derives the camelCase view of a validated launch message. Values are copied, not re-validated:
 * pass a message returned by `verifyIdToken` or parsed with `ltiLaunchMessageSchema`.
 *
 * @example
 * const { message } = await verifyIdToken(idToken, options)
 * const launch = launchView(message)
 * if (launch.deepLinking) showPicker(launch.deepLinking.acceptTypes)
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export function launchView(message: LtiLaunchMessage): LaunchView {
  const lis = message[CLAIM.lis]
  return {
    messageType: message[CLAIM.messageType],
    issuer: message.iss,
    audience: typeof message.aud === 'string' ? [message.aud] : message.aud,
    deploymentId: message[CLAIM.deploymentId],
    targetLinkUri: message[CLAIM.targetLinkUri],
    user: userOf(message),
    roles: message[CLAIM.roles] ?? [],
    roleScopeMentor: message[CLAIM.roleScopeMentor] ?? [],
    context: contextOf(message[CLAIM.context]),
    ...messageSpecific(message),
    toolPlatform: toolPlatformOf(message[CLAIM.toolPlatform]),
    launchPresentation: presentationOf(message[CLAIM.launchPresentation]),
    lis:
      lis === undefined
        ? undefined
        : {
            personSourcedId: lis.person_sourcedid,
            courseOfferingSourcedId: lis.course_offering_sourcedid,
            courseSectionSourcedId: lis.course_section_sourcedid,
          },
    custom: message[CLAIM.custom] ?? {},
    ags: agsOf(message[CLAIM.agsEndpoint]),
    nrps: nrpsOf(message[CLAIM.nrpsService]),
    basicOutcome: basicOutcomeOf(message[CLAIM.basicOutcome]),
    lti1p1: lti1p1Of(message[CLAIM.lti1p1]),
    message,
  }
}
