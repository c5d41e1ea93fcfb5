/**
 * The claims of an LTI 1.3 launch message built from a {@link LaunchPlan}: required claims, the
 * common optional ones, and the service claims the connection is entitled to. Privacy settings
 * decide the profile claims; nothing else is ever withheld or invented.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
import type { PlatformDeps } from '../config.js'
import {
  type AgsEndpointClaim,
  CLAIM,
  CONTEXT_TYPE,
  type DeepLinkingSettingsClaim,
  MESSAGE_TYPE,
  type NrpsClaim,
  SCOPE,
  type Scope,
} from '../internal/core.js'
import type { LaunchIntent } from '../ports.js'
import { grantableScopes } from '../token/endpoint.js'
import type { LaunchPlan } from './resolve.js'
import { lti13Roles } from './roles.js'
import { customParametersFor, type LaunchExtras } from './substitution.js'

const AGS_SCOPES: readonly Scope[] = [
  SCOPE.lineItem,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.score,
]

type Deps = Pick<PlatformDeps, 'settings' | 'lineItems'>

/**
 * Whether scores of this launch may reach the grade book: score passback is on and the link is
 * aligned with an assignment scored by points ("Only assignments scored using points can use
 * score passback"). A deep linking request qualifies when its assignment (if any) is by points.
 */
export function passbackEligible(plan: LaunchPlan, messageType: LaunchIntent['messageType']) {
  if (!plan.connection.features.scorePassback || plan.context === undefined) return false
  if (messageType === MESSAGE_TYPE.deepLinkingRequest) {
    return plan.assignment === undefined || plan.assignment.scoringType === 'points'
  }
  return plan.assignment?.scoringType === 'points'
}

/** The one line item of the link, when it has exactly one (else `$LineItem.url` has no value). */
async function singleLineItemUrl(deps: Deps, plan: LaunchPlan): Promise<string | undefined> {
  if (plan.context === undefined || plan.resourceLink?.contextId === undefined) return undefined
  const items = await deps.lineItems.list({
    contextId: plan.context.id,
    connectionId: plan.connection.id,
    resourceLinkId: plan.resourceLink.id,
    offset: 0,
    limit: 2,
  })
  const [only] = items
  if (items.length !== 1 || only === undefined) return undefined
  return deps.settings.endpoints.lineItem(plan.context.id, only.id)
}

/** The service part of a launch: AGS and NRPS claims, and the URLs the variables advertise. */
async function serviceClaims(deps: Deps, plan: LaunchPlan, intent: LaunchIntent) {
  const claims: Record<string, unknown> = {}
  const granted = grantableScopes(plan.connection)
  const context = plan.context
  let lineItemUrl: string | undefined
  let lineItemsUrl: string | undefined
  const agsScopes = granted.filter((scope) => AGS_SCOPES.includes(scope))
  if (context !== undefined && agsScopes.length > 0 && passbackEligible(plan, intent.messageType)) {
    const manages = agsScopes.includes(SCOPE.lineItem) || agsScopes.includes(SCOPE.lineItemReadOnly)
    lineItemsUrl = manages ? deps.settings.endpoints.lineItems(context.id) : undefined
    lineItemUrl =
      intent.messageType === MESSAGE_TYPE.resourceLink
        ? await singleLineItemUrl(deps, plan)
        : undefined
    const ags: AgsEndpointClaim = {
      scope: agsScopes,
      ...(lineItemsUrl === undefined ? {} : { lineitems: lineItemsUrl }),
      ...(lineItemUrl === undefined ? {} : { lineitem: lineItemUrl }),
    }
    claims[CLAIM.agsEndpoint] = ags
  }
  if (context !== undefined && granted.includes(SCOPE.contextMembershipReadOnly)) {
    const nrps: NrpsClaim = {
      context_memberships_url: deps.settings.endpoints.memberships(context.id),
      service_versions: ['2.0'],
    }
    claims[CLAIM.nrpsService] = nrps
  }
  return { claims, lineItemUrl, lineItemsUrl }
}

/** OIDC profile claims, each only when the connection's privacy settings allow it. */
function profileClaims(plan: LaunchPlan): Record<string, string> {
  const { user, connection } = plan
  const claims: Record<string, string | undefined> = { locale: user.locale }
  if (connection.privacy.sendName) {
    claims.name = user.fullName
    claims.given_name = user.givenName
    claims.family_name = user.familyName
    claims.middle_name = user.middleName
    claims.picture = user.pictureUrl
  }
  if (connection.privacy.sendEmail) claims.email = user.email
  return Object.fromEntries(
    Object.entries(claims).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}

function contextClaims(plan: LaunchPlan): Record<string, unknown> {
  const { context, user } = plan
  const lis = {
    ...(user.sourcedId === undefined ? {} : { person_sourcedid: user.sourcedId }),
    ...(context?.courseSourcedId === undefined
      ? {}
      : { course_offering_sourcedid: context.courseSourcedId }),
    ...(context?.sectionSourcedId === undefined
      ? {}
      : { course_section_sourcedid: context.sectionSourcedId }),
  }
  return {
    ...(context === undefined
      ? {}
      : {
          [CLAIM.context]: {
            id: context.id,
            title: context.title,
            ...(context.label === undefined ? {} : { label: context.label }),
            type: [CONTEXT_TYPE.courseSection],
          },
        }),
    ...(Object.keys(lis).length === 0 ? {} : { [CLAIM.lis]: lis }),
  }
}

function platformClaim(deps: Deps): Record<string, string> {
  const { instance } = deps.settings
  return {
    guid: instance.guid,
    name: instance.name,
    product_family_code: instance.productFamilyCode,
    version: instance.version,
    ...(instance.contactEmail === undefined ? {} : { contact_email: instance.contactEmail }),
    ...(instance.url === undefined ? {} : { url: instance.url }),
    ...(instance.description === undefined ? {} : { description: instance.description }),
  }
}

/**
 * The message claims of a launch (everything but the claims `buildIdToken` sets itself and the
 * `lti1p1` claim, which depends on the token's `exp` and `nonce`).
 */
export async function launchMessageClaims(
  deps: Deps,
  plan: LaunchPlan,
  intent: LaunchIntent,
  deepLinkingSettings?: DeepLinkingSettingsClaim,
): Promise<Record<string, unknown>> {
  const roles = lti13Roles(plan.user, plan.role)
  const services = await serviceClaims(deps, plan, intent)
  const extras: LaunchExtras = {
    presentation: intent.presentation,
    roles,
    ...(intent.returnUrl === undefined ? {} : { returnUrl: intent.returnUrl }),
    ...(services.lineItemUrl === undefined ? {} : { lineItemUrl: services.lineItemUrl }),
    ...(services.lineItemsUrl === undefined ? {} : { lineItemsUrl: services.lineItemsUrl }),
  }
  const link = plan.resourceLink
  const message: Record<string, unknown> = {
    [CLAIM.messageType]: intent.messageType,
    [CLAIM.targetLinkUri]: intent.targetLinkUri,
    [CLAIM.roles]: roles,
    [CLAIM.toolPlatform]: platformClaim(deps),
    [CLAIM.launchPresentation]: {
      document_target: intent.presentation,
      ...(intent.returnUrl === undefined ? {} : { return_url: intent.returnUrl }),
      ...(plan.user.locale === undefined ? {} : { locale: plan.user.locale }),
    },
    [CLAIM.custom]: customParametersFor(deps.settings, plan, extras),
    ...contextClaims(plan),
    ...profileClaims(plan),
    ...services.claims,
  }
  // CORE: role_scope_mentor only accompanies the Mentor role.
  if (plan.role.part === 'mentor' && plan.role.menteeIds.length > 0) {
    message[CLAIM.roleScopeMentor] = [...plan.role.menteeIds]
  }
  if (deepLinkingSettings !== undefined) {
    message[CLAIM.deepLinkingSettings] = deepLinkingSettings
  } else if (link !== undefined) {
    message[CLAIM.resourceLink] = {
      id: link.id,
      title: link.title,
      ...(link.description === undefined ? {} : { description: link.description }),
    }
  }
  return message
}
