import type {
  DeploymentPolicy,
  DeploymentStatus,
  MemberSyncMode,
  MemberSyncTrigger,
  OutboxState,
} from '@ltihub/tool'

/**
 * Storage of the tool layer's ports (packages/tool/src/ports.ts). Times are epoch ms, JSON is
 * text, booleans are 0/1, secrets are sealed with the data-encryption key.
 */

/** `tool_registrations`: LTI 1.3 platforms, unique by (issuer, client_id). */
export interface ToolRegistrationsTable {
  id: string
  name: string
  issuer: string
  client_id: string
  auth_login_url: string
  auth_token_url: string
  auth_server: string | null
  jwks_url: string
  deployment_policy: DeploymentPolicy
  lms_id_prefix: string
  enabled: number
  created_at: number
  updated_at: number
}

/** `tool_deployments`: deployment ids seen per registration, with the administrator's decision. */
export interface ToolDeploymentsTable {
  registration_id: string
  deployment_id: string
  status: DeploymentStatus
  first_seen_at: number
}

/** `tool_consumer_keys`: LTI 1.1 consumers; the secret is sealed (`tool_consumer_keys:<key>`). */
export interface ToolConsumerKeysTable {
  key: string
  name: string
  lms_id_prefix: string
  secret_sealed: string
  enabled: number
  created_at: number
}

/** `tool_launch_states`: pending OIDC logins, single use. */
export interface ToolLaunchStatesTable {
  state: string
  /** The LaunchStateRecord as JSON. */
  record: string
  expires_at: number
}

/** `tool_sessions`: launch and deep-linking sessions. */
export interface ToolSessionsTable {
  id: string
  kind: string
  /** The ToolSession as JSON. */
  data: string
  expires_at: number
}

/** `tool_publications`: "Publish as LTI tool" settings of a course or activity. */
export interface ToolPublicationsTable {
  id: string
  name: string
  course_id: string
  activity_id: string | null
  enabled: number
  /** JSON array of PublicationConsumer; empty means every consumer. */
  consumers: string
  enrolment_period_ms: number | null
  enrolment_starts_at: number | null
  enrolment_ends_at: number | null
  max_enrolled_users: number | null
  role_instructor: string
  role_learner: string
  grades_send_back: number
  grades_only_on_completion: number
  member_sync_trigger: MemberSyncTrigger
  member_sync_mode: MemberSyncMode
  /** JSON UserDefaults. */
  user_defaults: string
  created_at: number
  updated_at: number
}

/** `tool_learners`: accounts created through LTI, unique by external ID. */
export interface ToolLearnersTable {
  id: string
  external_id: string
  given_name: string | null
  family_name: string | null
  email: string | null
  /** JSON UserDefaults applied when the account was created. */
  defaults: string
  created_at: number
}

/** `tool_enrolments`: one per (publication, learner). */
export interface ToolEnrolmentsTable {
  id: string
  publication_id: string
  course_id: string
  learner_id: string
  role: string
  status: 'active' | 'unenrolled'
  consumer: string
  context_id: string | null
  started_at: number
  expires_at: number | null
  /** JSON GradeTarget. */
  grade_target: string | null
  updated_at: number
}

/** `tool_licences`: one per first subscription of a learner through a publication. */
export interface ToolLicencesTable {
  publication_id: string
  learner_id: string
  consumer: string
  recorded_at: number
}

/** `tool_grade_outbox`: results and progress waiting for (or past) delivery. */
export interface ToolGradeOutboxTable {
  id: string
  target_key: string
  platform_key: string
  /** JSON GradeTarget. */
  target: string
  /** JSON OutboxScore. */
  score: string
  /** ISO 8601, unchanged across retries. */
  timestamp: string
  publication_id: string
  learner_id: string
  state: OutboxState
  attempts: number
  next_attempt_at: number
  lease_until: number | null
  last_error: string | null
  last_status: number | null
  created_at: number
  updated_at: number
  delivered_at: number | null
}

/**
 * `tool_roster_sources`: platform contexts to sync members from (NRPS), with the AGS line item
 * of LTI 1.3 contexts (for learners who never launched).
 */
export interface ToolRosterSourcesTable {
  publication_id: string
  kind: 'lti13' | 'lti11'
  /** The registration id (LTI 1.3) or the consumer key (LTI 1.1). */
  registration_id: string
  context_id: string
  /** Empty for LTI 1.1. */
  deployment_id: string
  memberships_url: string
  line_item_url: string | null
  line_items_url: string | null
  updated_at: number
}

export interface ToolLtiTables {
  tool_registrations: ToolRegistrationsTable
  tool_deployments: ToolDeploymentsTable
  tool_consumer_keys: ToolConsumerKeysTable
  tool_launch_states: ToolLaunchStatesTable
  tool_sessions: ToolSessionsTable
  tool_publications: ToolPublicationsTable
  tool_learners: ToolLearnersTable
  tool_enrolments: ToolEnrolmentsTable
  tool_licences: ToolLicencesTable
  tool_grade_outbox: ToolGradeOutboxTable
  tool_roster_sources: ToolRosterSourcesTable
}
