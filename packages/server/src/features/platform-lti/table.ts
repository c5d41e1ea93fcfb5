/**
 * Tables of the platform's LTI runtime: placed resource links, embedded content, AGS line items
 * and results, and the short-lived launch state (launch intents, deep linking sessions,
 * registration tokens) plus LTI 1.1 sourcedids. Timestamps are epoch ms; JSON is text.
 */

export interface LtiResourceLinksTable {
  id: string
  context_id: string
  connection_id: string
  assignment_id: string | null
  title: string
  description: string | null
  url: string | null
  /** JSON object of string values (DL `custom`). */
  custom_json: string
  /** JSON array of the ids this link was copied from, most recent first. */
  history_json: string
  available_start: string | null
  available_end: string | null
  submission_start: string | null
  submission_end: string | null
  created_at: number
}

export interface LtiEmbeddedContentTable {
  id: string
  kind: 'image' | 'html'
  connection_id: string
  context_id: string
  assignment_id: string | null
  url: string | null
  /** The tool's markup as received: untrusted, never rendered as HTML. */
  untrusted_html: string | null
  title: string | null
  text: string | null
  width: number | null
  height: number | null
  created_at: number
}

export interface LtiLineItemsTable {
  id: string
  context_id: string
  connection_id: string
  assignment_id: string | null
  label: string
  score_maximum: number
  resource_link_id: string | null
  resource_id: string | null
  tag: string | null
  start_date_time: string | null
  end_date_time: string | null
  grades_released: number | null
  /** JSON object of the tool's full-URL extension members. */
  extensions_json: string
  created_at: number
}

export interface LtiResultsTable {
  line_item_id: string
  user_id: string
  score_given: number | null
  score_maximum: number | null
  comment: string | null
  activity_progress: string
  grading_progress: string
  scoring_user_id: string | null
  timestamp: string
  /** Nanoseconds since 1970 plus 10^19, zero-padded to 21 digits: ordered as text. */
  timestamp_key: string
  started_at: string | null
  submitted_at: string | null
}

/** Single-use records keyed by the SHA-256 of their bearer value. */
export interface LtiOneTimeTable {
  id_sha256: string
  /** JSON of the record (the bearer value itself is never stored). */
  payload_json: string
  expires_at: number
}

export interface LtiSourcedIdsTable {
  sourced_id: string
  connection_id: string
  resource_link_id: string
  user_id: string
  created_at: number
}

export interface PlatformLtiTables {
  lti_resource_links: LtiResourceLinksTable
  lti_embedded_content: LtiEmbeddedContentTable
  lti_line_items: LtiLineItemsTable
  lti_results: LtiResultsTable
  lti_launch_intents: LtiOneTimeTable
  lti_deep_linking_sessions: LtiOneTimeTable
  lti_registration_tokens: LtiOneTimeTable
  lti_sourced_ids: LtiSourcedIdsTable
}
