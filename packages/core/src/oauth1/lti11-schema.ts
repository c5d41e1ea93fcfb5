import { z } from 'zod'
import { LtiError } from '../errors/lti-error.js'
import type { OAuthParam } from './params.js'

/**
 * `lti_message_type` values of LTI 1.1 and Content-Item Message 1.0.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export const LTI11_MESSAGE_TYPE = {
  basicLaunch: 'basic-lti-launch-request',
  contentItemSelectionRequest: 'ContentItemSelectionRequest',
  contentItemSelection: 'ContentItemSelection',
} as const

export type Lti11MessageType = (typeof LTI11_MESSAGE_TYPE)[keyof typeof LTI11_MESSAGE_TYPE]

/** `LTI-1p0` covers LTI 1.0, 1.1, 1.1.1 and 1.2 launches; `LTI-2p0` is sent by LTI 2 platforms. */
export const LTI11_VERSIONS = ['LTI-1p0', 'LTI-2p0'] as const

export type Lti11Version = (typeof LTI11_VERSIONS)[number]

const httpUrl = z.url({ protocol: /^https?$/ })

/** Whether a string is an absolute http(s) URL (never `javascript:` or a relative path). */
export function isHttpUrl(value: string): boolean {
  return httpUrl.safeParse(value).success
}

/** Parameters that carry URLs the receiver may follow, post to or redirect to. */
const URL_PARAMS = new Set([
  'launch_presentation_return_url',
  'launch_presentation_css_url',
  'lis_outcome_service_url',
  'user_image',
  'tool_consumer_instance_url',
  'content_item_return_url',
])

/** Standard LTI 1.1 parameters read by the typed view; each may appear at most once. */
const SINGLE_VALUED = [
  'lti_message_type',
  'lti_version',
  'resource_link_id',
  'resource_link_title',
  'resource_link_description',
  'user_id',
  'user_image',
  'roles',
  'role_scope_mentor',
  'lis_person_name_given',
  'lis_person_name_family',
  'lis_person_name_full',
  'lis_person_contact_email_primary',
  'lis_person_sourcedid',
  'context_id',
  'context_type',
  'context_title',
  'context_label',
  'launch_presentation_locale',
  'launch_presentation_document_target',
  'launch_presentation_css_url',
  'launch_presentation_width',
  'launch_presentation_height',
  'launch_presentation_return_url',
  'tool_consumer_info_product_family_code',
  'tool_consumer_info_version',
  'tool_consumer_instance_guid',
  'tool_consumer_instance_name',
  'tool_consumer_instance_description',
  'tool_consumer_instance_url',
  'tool_consumer_instance_contact_email',
  'lis_outcome_service_url',
  'lis_result_sourcedid',
  'lis_course_offering_sourcedid',
  'lis_course_section_sourcedid',
] as const

/**
 * Collapses parameters into a record of single values. A name the typed view reads (a standard
 * parameter, `custom_*`, `ext_*` or one of `extra`) must not appear twice: two values for one
 * field is ambiguous, and choosing one silently invites parameter pollution.
 * Empty values are dropped ("" means "not sent" for every optional LTI 1.1 field).
 * @throws LtiError ERR_LTI_LTI11_INVALID_PARAMETER.
 */
export function singleValuedParams(
  params: readonly OAuthParam[],
  extra: readonly string[] = [],
): Record<string, string> {
  const watched = new Set<string>([...SINGLE_VALUED, ...extra])
  const record: Record<string, string> = Object.create(null) as Record<string, string>
  const seen = new Set<string>()
  for (const [name, value] of params) {
    const isWatched = watched.has(name) || name.startsWith('custom_') || name.startsWith('ext_')
    if (!isWatched) continue
    if (seen.has(name)) {
      throw new LtiError('ERR_LTI_LTI11_INVALID_PARAMETER', { claim: name, detail: 'repeated' })
    }
    seen.add(name)
    if (URL_PARAMS.has(name) && value !== '' && !isHttpUrl(value)) {
      throw new LtiError('ERR_LTI_LTI11_INVALID_PARAMETER', {
        claim: name,
        detail: 'not an http(s) URL',
      })
    }
    if (value !== '') record[name] = value
  }
  return record
}

/** A comma-separated list, trimmed, without empty items. */
export function commaList(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** The user of a launch. `roles` are the raw strings the platform sent (bare or URN form). */
export interface Lti11User {
  readonly id?: string
  readonly image?: string
  readonly roles: readonly string[]
  readonly roleScopeMentor: readonly string[]
  readonly givenName?: string
  readonly familyName?: string
  readonly fullName?: string
  readonly email?: string
  readonly sourcedId?: string
}

export interface Lti11Context {
  readonly id: string
  readonly type: readonly string[]
  readonly title?: string
  readonly label?: string
}

export interface Lti11LaunchPresentation {
  readonly locale?: string
  readonly documentTarget?: string
  readonly cssUrl?: string
  readonly width?: string
  readonly height?: string
  readonly returnUrl?: string
}

export interface Lti11ToolConsumer {
  readonly instanceGuid?: string
  readonly instanceName?: string
  readonly instanceDescription?: string
  readonly instanceUrl?: string
  readonly instanceContactEmail?: string
  readonly productFamilyCode?: string
  readonly version?: string
}

/** Basic Outcomes service of the launch (present when `lis_outcome_service_url` is). */
export interface Lti11OutcomeService {
  readonly url: string
  readonly resultSourcedId?: string
  /** `ext_outcome_data_values_accepted`, e.g. `['text', 'url']`. */
  readonly dataValuesAccepted: readonly string[]
}

/** What every LTI 1.1 message from a platform carries, as a typed view of its parameters. */
export interface Lti11MessageView {
  readonly ltiVersion: Lti11Version
  readonly user: Lti11User
  readonly context?: Lti11Context
  readonly launchPresentation: Lti11LaunchPresentation
  readonly toolConsumer: Lti11ToolConsumer
  readonly outcomeService?: Lti11OutcomeService
  readonly lis: {
    readonly courseOfferingSourcedId?: string
    readonly courseSectionSourcedId?: string
  }
  /** `custom_*` parameters, keyed without the prefix (names arrive normalised, section 13). */
  readonly custom: Readonly<Record<string, string>>
  /** `ext_*` vendor parameters, keyed without the prefix. */
  readonly extensions: Readonly<Record<string, string>>
}

type Present<T> = { [K in keyof T]: Exclude<T[K], undefined> }

/** Keeps only the defined fields, so optional properties stay absent (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, string | undefined>>(
  fields: T,
): Partial<Present<T>> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value
  return result as Partial<Present<T>>
}

function prefixed(record: Record<string, string>, prefix: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(record)) {
    if (name.startsWith(prefix)) result[name.slice(prefix.length)] = value
  }
  return result
}

/**
 * Derives the typed view shared by every platform-to-tool LTI 1.1 message. This is the one place
 * where wire names become camelCase fields.
 */
export function lti11MessageView(
  p: Record<string, string>,
  ltiVersion: Lti11Version,
): Lti11MessageView {
  const user: Lti11User = {
    ...defined({ id: p.user_id, image: p.user_image, givenName: p.lis_person_name_given }),
    ...defined({ familyName: p.lis_person_name_family, fullName: p.lis_person_name_full }),
    ...defined({ email: p.lis_person_contact_email_primary, sourcedId: p.lis_person_sourcedid }),
    roles: commaList(p.roles),
    roleScopeMentor: commaList(p.role_scope_mentor),
  }
  const contextId = p.context_id
  return {
    ltiVersion,
    user,
    ...(contextId === undefined
      ? {}
      : {
          context: {
            id: contextId,
            type: commaList(p.context_type),
            ...defined({ title: p.context_title, label: p.context_label }),
          },
        }),
    launchPresentation: defined({
      locale: p.launch_presentation_locale,
      documentTarget: p.launch_presentation_document_target,
      cssUrl: p.launch_presentation_css_url,
      width: p.launch_presentation_width,
      height: p.launch_presentation_height,
      returnUrl: p.launch_presentation_return_url,
    }),
    toolConsumer: defined({
      instanceGuid: p.tool_consumer_instance_guid,
      instanceName: p.tool_consumer_instance_name,
      instanceDescription: p.tool_consumer_instance_description,
      instanceUrl: p.tool_consumer_instance_url,
      instanceContactEmail: p.tool_consumer_instance_contact_email,
      productFamilyCode: p.tool_consumer_info_product_family_code,
      version: p.tool_consumer_info_version,
    }),
    ...outcomeService(p),
    lis: defined({
      courseOfferingSourcedId: p.lis_course_offering_sourcedid,
      courseSectionSourcedId: p.lis_course_section_sourcedid,
    }),
    custom: prefixed(p, 'custom_'),
    extensions: prefixed(p, 'ext_'),
  }
}

function outcomeService(p: Record<string, string>): { outcomeService?: Lti11OutcomeService } {
  const url = p.lis_outcome_service_url
  if (url === undefined) return {}
  return {
    outcomeService: {
      url,
      ...defined({ resultSourcedId: p.lis_result_sourcedid }),
      dataValuesAccepted: commaList(p.ext_outcome_data_values_accepted),
    },
  }
}
