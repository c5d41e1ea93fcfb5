/**
 * `api_tokens`: one row per API token a person created. The token itself is never stored: only
 * its SHA-256 (`digest`), which the REST API looks the bearer value up by.
 */
export interface ApiTokensTable {
  /** A random public id, naming the token on console pages (never the token or its digest). */
  id: string
  /** The person the token acts for; their current roles bound it at every request. */
  owner_id: string
  name: string
  /** Hex SHA-256 of the whole token value (`lth_…`); unique. */
  digest: string
  /** Space-separated scopes, e.g. `platform:read tool:read`. */
  scopes: string
  /** Epoch ms. */
  created_at: number
  expires_at: number
  revoked_at: number | null
  /** Who revoked it (the owner or an administrator). */
  revoked_by: string | null
  /** Updated at most once a minute per token, not at every request. */
  last_used_at: number | null
  last_used_address: string | null
}

export interface ApiTokenTables {
  api_tokens: ApiTokensTable
}
