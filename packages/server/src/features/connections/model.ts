/**
 * The administrators' view of applications and connections (camelCase, no secrets), and the
 * validated drafts the repositories write. Rows become views here only.
 */
import { z } from 'zod'
import { readJson, readOptionalJson, jwkObject, scopeList, stringList, stringMap } from './json.js'
import { type ConnectionRow, type RegistrationRequest, registrationRequestSchema } from './rows.js'
import type { ConnectionType, PlatformApplicationsTable } from './table.js'

export const CONNECTION_TYPES = [
  'learning-tool',
  'score-passback',
  'assignment-resource',
  'embeddable-content',
] as const satisfies readonly ConnectionType[]

/** The lozenge text of each connection type. */
export const CONNECTION_TYPE_LABELS: Record<ConnectionType, string> = {
  'learning-tool': 'LEARNING TOOL',
  'score-passback': 'SCORE PASSBACK',
  'assignment-resource': 'ASSIGNMENT RESOURCE',
  'embeddable-content': 'EMBEDDABLE CONTENT',
}

export const LTI_VERSIONS = ['1.1', '1.3'] as const
export type LtiVersion = (typeof LTI_VERSIONS)[number]

export const connectionTypeList = z.array(z.enum(CONNECTION_TYPES))
export const ltiVersionList = z.array(z.enum(LTI_VERSIONS))

/** Defaults an application (or catalog partner) gives its new connections. */
export interface ApplicationDefaults {
  readonly name: string
  readonly description: string
  readonly launchUrl: string
  readonly supportedTypes: readonly ConnectionType[]
  readonly ltiVersions: readonly LtiVersion[]
  readonly customParameters: Readonly<Record<string, string>>
  readonly transferEmail: boolean
  readonly loginUrl?: string
  readonly redirectUris?: readonly string[]
  readonly jwksUrl?: string
}

export interface ApplicationView extends ApplicationDefaults {
  readonly id: string
  readonly partnerId: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

type DefaultsRow = Pick<
  PlatformApplicationsTable,
  | 'name'
  | 'description'
  | 'launch_url'
  | 'supported_types'
  | 'lti_versions'
  | 'custom_parameters'
  | 'transfer_email'
  | 'login_url'
  | 'redirect_uris'
  | 'jwks_url'
>

export function defaultsOf(row: DefaultsRow): ApplicationDefaults {
  const redirectUris = readOptionalJson(stringList, row.redirect_uris, 'redirect_uris')
  return {
    name: row.name,
    description: row.description,
    launchUrl: row.launch_url,
    supportedTypes: readJson(connectionTypeList, row.supported_types, 'supported_types'),
    ltiVersions: readJson(ltiVersionList, row.lti_versions, 'lti_versions'),
    customParameters: readJson(stringMap, row.custom_parameters, 'custom_parameters'),
    transferEmail: row.transfer_email === 1,
    ...(row.login_url === null ? {} : { loginUrl: row.login_url }),
    ...(redirectUris === undefined ? {} : { redirectUris }),
    ...(row.jwks_url === null ? {} : { jwksUrl: row.jwks_url }),
  }
}

export function defaultsRow(defaults: ApplicationDefaults): DefaultsRow {
  return {
    name: defaults.name,
    description: defaults.description,
    launch_url: defaults.launchUrl,
    supported_types: JSON.stringify(defaults.supportedTypes),
    lti_versions: JSON.stringify(defaults.ltiVersions),
    custom_parameters: JSON.stringify(defaults.customParameters),
    transfer_email: defaults.transferEmail ? 1 : 0,
    login_url: defaults.loginUrl ?? null,
    redirect_uris:
      defaults.redirectUris === undefined ? null : JSON.stringify(defaults.redirectUris),
    jwks_url: defaults.jwksUrl ?? null,
  }
}

/** The LTI 1.3 settings an administrator enters (client_id and deployments are ours). */
export interface Lti13Draft {
  readonly loginUrl: string
  readonly redirectUris: readonly string[]
  readonly targetLinkUri?: string
  readonly deepLinkingUri?: string
  readonly jwksUrl?: string
  readonly publicJwk?: Readonly<Record<string, unknown>>
  readonly allowedScopes: readonly string[]
}

/** A connection as validated for writing. `lti11.secret` absent on update: keep the stored one. */
export interface ConnectionDraft {
  readonly name: string
  readonly status: 'active' | 'disabled'
  readonly launchUrl: string
  readonly transferEmail: boolean
  readonly sendName: boolean
  readonly types: readonly ConnectionType[]
  readonly learningToolsList: { readonly student: boolean; readonly parent: boolean }
  readonly customParameters: Readonly<Record<string, string>>
  readonly lti11?: { readonly consumerKey: string; readonly secret?: string }
  readonly lti13?: Lti13Draft
  readonly schoolIds: readonly string[]
}

export interface ConnectionView {
  readonly id: string
  readonly applicationId: string | null
  readonly name: string
  readonly status: 'active' | 'pending' | 'disabled'
  readonly launchUrl: string
  readonly transferEmail: boolean
  readonly sendName: boolean
  readonly types: ConnectionType[]
  readonly learningToolsList: { readonly student: boolean; readonly parent: boolean }
  readonly customParameters: Record<string, string>
  readonly lti11?: { readonly consumerKey: string; readonly hasSecret: boolean }
  readonly lti13?: {
    readonly clientId: string
    readonly issuer: string
    readonly loginUrl: string
    readonly redirectUris: string[]
    readonly targetLinkUri: string
    readonly deepLinkingUri?: string
    readonly jwksUrl?: string
    readonly publicJwk?: Record<string, unknown>
    readonly allowedScopes: string[]
    readonly deploymentIds: string[]
  }
  readonly schoolIds: string[]
  readonly registration?: RegistrationRequest
  readonly createdAt: number
  readonly updatedAt: number
}

export function typesOf(row: ConnectionRow): ConnectionType[] {
  const on: [ConnectionType, number][] = [
    ['learning-tool', row.learning_tool],
    ['score-passback', row.score_passback],
    ['assignment-resource', row.assignment_resource],
    ['embeddable-content', row.embeddable_content],
  ]
  return on.filter(([, value]) => value === 1).map(([type]) => type)
}

function lti13ViewOf(row: ConnectionRow, deploymentIds: string[]): ConnectionView['lti13'] {
  if (row.lti13_client_id === null || row.lti13_login_url === null) return undefined
  const jwk = readOptionalJson(jwkObject, row.lti13_public_jwk, 'lti13_public_jwk')
  return {
    clientId: row.lti13_client_id,
    issuer: row.lti13_issuer ?? '',
    loginUrl: row.lti13_login_url,
    redirectUris:
      readOptionalJson(stringList, row.lti13_redirect_uris, 'lti13_redirect_uris') ?? [],
    targetLinkUri: row.lti13_target_link_uri ?? row.launch_url,
    ...(row.lti13_deep_linking_uri === null ? {} : { deepLinkingUri: row.lti13_deep_linking_uri }),
    ...(row.lti13_jwks_url === null ? {} : { jwksUrl: row.lti13_jwks_url }),
    ...(jwk === undefined ? {} : { publicJwk: jwk }),
    allowedScopes:
      readOptionalJson(scopeList, row.lti13_allowed_scopes, 'lti13_allowed_scopes') ?? [],
    deploymentIds,
  }
}

export function connectionViewOf(
  row: ConnectionRow,
  schoolIds: string[],
  deploymentIds: string[],
): ConnectionView {
  const registration = readOptionalJson(
    registrationRequestSchema,
    row.registration_request,
    'registration_request',
  )
  const lti13 = lti13ViewOf(row, deploymentIds)
  return {
    id: row.id,
    applicationId: row.application_id,
    name: row.name,
    status: row.status,
    launchUrl: row.launch_url,
    transferEmail: row.transfer_email === 1,
    sendName: row.send_name === 1,
    types: typesOf(row),
    learningToolsList: { student: row.list_student === 1, parent: row.list_parent === 1 },
    customParameters: readJson(stringMap, row.custom_parameters, 'custom_parameters'),
    ...(row.lti11_consumer_key === null
      ? {}
      : {
          lti11: {
            consumerKey: row.lti11_consumer_key,
            hasSecret: row.lti11_secret_sealed !== null,
          },
        }),
    ...(lti13 === undefined ? {} : { lti13 }),
    schoolIds,
    ...(registration === undefined ? {} : { registration }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
