/**
 * Values of the substitution variables ltihub's platform supports, for one launch. A variable the
 * privacy settings withhold is left out of both the values and the supported list, so the tool
 * receives the literal `$Name` ("unsupported or not authorised"), never the data.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#custom-properties-and-variable-substitution
 */
import type { PlatformSettings } from '../config.js'
import {
  formatIdHistory,
  substituteCustomParameters,
  type SubstitutionValues,
  type VariableName,
} from '../internal/core.js'
import type { PresentationTarget } from '../ports.js'
import type { LaunchPlan } from './resolve.js'

/** What a launch adds to its plan: the presentation and the service URLs it advertises. */
export interface LaunchExtras {
  readonly presentation: PresentationTarget
  readonly returnUrl?: string
  /** LTI role URIs of the user in this launch. */
  readonly roles: readonly string[]
  /** `$LineItem.url`: only when the link has exactly one line item (AGS §3.1). */
  readonly lineItemUrl?: string
  readonly lineItemsUrl?: string
}

type Values = Partial<Record<VariableName, string | undefined>>

function userValues(plan: LaunchPlan): Values {
  const { user, connection } = plan
  const values: Values = {
    'User.id': user.id,
    'User.username': user.username,
    'User.scope.mentor': plan.role.menteeIds.join(','),
    'Person.sourcedId': user.sourcedId,
  }
  if (connection.privacy.sendName) {
    values['User.image'] = user.pictureUrl
    values['Person.name.full'] = user.fullName
    values['Person.name.given'] = user.givenName
    values['Person.name.family'] = user.familyName
    values['Person.name.middle'] = user.middleName
  }
  if (connection.privacy.sendEmail) values['Person.email.primary'] = user.email
  return values
}

function contextValues(plan: LaunchPlan): Values {
  const { context } = plan
  if (context === undefined) return {}
  return {
    'Context.id': context.id,
    'Context.type': 'CourseSection',
    'Context.label': context.label,
    'Context.title': context.title,
    'Context.sourcedId': context.sectionSourcedId,
    'Context.id.history': formatIdHistory(context.history),
    'CourseSection.sourcedId': context.sectionSourcedId,
    'CourseSection.label': context.label,
    'CourseSection.title': context.title,
    'CourseSection.timeFrame.begin': context.startDateTime,
    'CourseSection.timeFrame.end': context.endDateTime,
    'CourseOffering.sourcedId': context.courseSourcedId,
  }
}

function linkValues(plan: LaunchPlan): Values {
  const link = plan.resourceLink
  if (link === undefined) return {}
  return {
    'ResourceLink.id': link.id,
    'ResourceLink.title': link.title,
    'ResourceLink.description': link.description,
    'ResourceLink.id.history': formatIdHistory(link.history ?? []),
    'ResourceLink.available.startDateTime': link.available?.startDateTime,
    'ResourceLink.available.endDateTime': link.available?.endDateTime,
    'ResourceLink.submission.startDateTime': link.submission?.startDateTime,
    'ResourceLink.submission.endDateTime': link.submission?.endDateTime,
  }
}

function platformValues(settings: PlatformSettings, plan: LaunchPlan, extras: LaunchExtras) {
  const { instance } = settings
  const values: Values = {
    'Membership.role': extras.roles.join(','),
    'Membership.role.scope.mentor': plan.role.menteeIds.join(','),
    'Message.documentTarget': extras.presentation,
    'Message.returnUrl': extras.returnUrl,
    'Message.locale': plan.user.locale,
    'ToolPlatform.productFamilyCode': instance.productFamilyCode,
    'ToolPlatform.version': instance.version,
    'ToolPlatformInstance.guid': instance.guid,
    'ToolPlatformInstance.name': instance.name,
    'ToolPlatformInstance.description': instance.description,
    'ToolPlatformInstance.url': instance.url,
    'ToolPlatformInstance.contactEmail': instance.contactEmail,
    'LineItem.url': extras.lineItemUrl,
    'LineItems.url': extras.lineItemsUrl,
  }
  return values
}

/** Every variable ltihub's platform resolves (advertised in its OpenID configuration). */
export const SUPPORTED_VARIABLES: readonly VariableName[] = [
  'User.id',
  'User.username',
  'User.image',
  'User.scope.mentor',
  'Person.sourcedId',
  'Person.name.full',
  'Person.name.given',
  'Person.name.family',
  'Person.name.middle',
  'Person.email.primary',
  'Context.id',
  'Context.type',
  'Context.label',
  'Context.title',
  'Context.sourcedId',
  'Context.id.history',
  'CourseSection.sourcedId',
  'CourseSection.label',
  'CourseSection.title',
  'CourseSection.timeFrame.begin',
  'CourseSection.timeFrame.end',
  'CourseOffering.sourcedId',
  'ResourceLink.id',
  'ResourceLink.title',
  'ResourceLink.description',
  'ResourceLink.id.history',
  'ResourceLink.available.startDateTime',
  'ResourceLink.available.endDateTime',
  'ResourceLink.submission.startDateTime',
  'ResourceLink.submission.endDateTime',
  'Membership.role',
  'Membership.role.scope.mentor',
  'Message.documentTarget',
  'Message.returnUrl',
  'Message.locale',
  'ToolPlatform.productFamilyCode',
  'ToolPlatform.version',
  'ToolPlatformInstance.guid',
  'ToolPlatformInstance.name',
  'ToolPlatformInstance.description',
  'ToolPlatformInstance.url',
  'ToolPlatformInstance.contactEmail',
  'LineItem.url',
  'LineItems.url',
]

/**
 * The variables of this launch: each key is supported (a missing value becomes `""`), each
 * defined value is substituted. Withheld variables are absent from both.
 */
export function substitutionFor(
  settings: PlatformSettings,
  plan: LaunchPlan,
  extras: LaunchExtras,
): { readonly values: SubstitutionValues; readonly supported: readonly VariableName[] } {
  const all: Values = {
    ...userValues(plan),
    ...contextValues(plan),
    ...linkValues(plan),
    ...platformValues(settings, plan, extras),
  }
  const values: Partial<Record<VariableName, string>> = {}
  for (const [name, value] of Object.entries(all) as [VariableName, string | undefined][]) {
    if (value !== undefined) values[name] = value
  }
  return { values, supported: Object.keys(all) as VariableName[] }
}

/**
 * The custom parameters of a launch: the connection's advanced settings, overridden by the link's
 * own (DL `custom`), with variables substituted.
 */
export function customParametersFor(
  settings: PlatformSettings,
  plan: LaunchPlan,
  extras: LaunchExtras,
): Record<string, string> {
  const custom = { ...plan.connection.customParameters, ...(plan.resourceLink?.custom ?? {}) }
  const { values, supported } = substitutionFor(settings, plan, extras)
  return substituteCustomParameters(custom, values, { supported })
}
