/**
 * Tables of the administrators' LTI configuration: the partner catalog, the district's
 * applications, their LTI connections (LTI 1.1 key and secret and/or an LTI 1.3 registration),
 * LTI 1.3 deployments and the schools each connection is enabled for.
 * JSON is stored as text, booleans as 0/1, times as epoch ms.
 */

/** Connection types of the console's lozenges, as stored in JSON arrays. */
export type ConnectionType =
  'learning-tool' | 'score-passback' | 'assignment-resource' | 'embeddable-content'

/** Columns a catalog partner and an application share: the defaults of new connections. */
interface ApplicationDefaultsColumns {
  name: string
  description: string
  /** Default launch URL of new connections (LTI 1.1 launch URL / LTI 1.3 target link URI). */
  launch_url: string
  /** JSON array of {@link ConnectionType}: what the partner supports. */
  supported_types: string
  /** JSON array of `'1.1' | '1.3'`: the LTI versions the partner speaks. */
  lti_versions: string
  /** JSON object: custom parameters of new connections (advanced settings). */
  custom_parameters: string
  /** 0/1: new connections send the user's email address. */
  transfer_email: number
  /** LTI 1.3 defaults (null for LTI 1.1-only partners). */
  login_url: string | null
  /** JSON array of redirect URIs, or null. */
  redirect_uris: string | null
  jwks_url: string | null
}

/** `platform_partners`: the application catalog ("Campus-supported partners"). */
export interface PlatformPartnersTable extends ApplicationDefaultsColumns {
  id: string
  /** Natural key, e.g. `turnitin`. */
  slug: string
  created_at: number
  updated_at: number
}

/** `platform_applications`: an application the district added, from the catalog or custom. */
export interface PlatformApplicationsTable extends ApplicationDefaultsColumns {
  id: string
  /** The catalog partner it came from; null for a custom application. */
  partner_id: string | null
  created_at: number
  updated_at: number
}

/** `platform_connections`: one LTI connection of an application. */
export interface PlatformConnectionsTable {
  id: string
  /** Null only while a Dynamic Registration waits for approval. */
  application_id: string | null
  name: string
  /** `lower(trim(name))`, unique per application. */
  name_key: string
  status: 'active' | 'pending' | 'disabled'
  launch_url: string
  transfer_email: number
  send_name: number
  learning_tool: number
  score_passback: number
  assignment_resource: number
  embeddable_content: number
  list_student: number
  list_parent: number
  /** JSON object of custom parameters. */
  custom_parameters: string
  lti11_consumer_key: string | null
  /** The LTI 1.1 shared secret sealed with the data-encryption key (`platform_connections:<id>`). */
  lti11_secret_sealed: string | null
  lti13_client_id: string | null
  lti13_issuer: string | null
  lti13_login_url: string | null
  /** JSON array. */
  lti13_redirect_uris: string | null
  lti13_target_link_uri: string | null
  lti13_deep_linking_uri: string | null
  lti13_jwks_url: string | null
  /** JSON public JWK when the tool has no JWKS URL. */
  lti13_public_jwk: string | null
  /** JSON array of scopes. */
  lti13_allowed_scopes: string | null
  /** JSON of what a Dynamic Registration asked for (claims, contacts, logo, schools, requester). */
  registration_request: string | null
  created_at: number
  updated_at: number
}

/** `platform_deployments`: LTI 1.3 deployments of a connection's registration. */
export interface PlatformDeploymentsTable {
  deployment_id: string
  connection_id: string
  created_at: number
}

/**
 * `platform_connection_schools`: the schools a connection is enabled for. `application_id` is
 * copied from the connection so a unique index can say "each school can only have one
 * connection per provider".
 */
export interface PlatformConnectionSchoolsTable {
  connection_id: string
  application_id: string
  school_id: string
  /** The deployment the school launches under (null for LTI 1.1-only connections). */
  deployment_id: string | null
}

export interface ConnectionTables {
  platform_partners: PlatformPartnersTable
  platform_applications: PlatformApplicationsTable
  platform_connections: PlatformConnectionsTable
  platform_deployments: PlatformDeploymentsTable
  platform_connection_schools: PlatformConnectionSchoolsTable
}
