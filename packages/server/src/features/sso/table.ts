/**
 * `sso_identity_providers`: the OpenID Connect providers people sign in through. The client
 * secret is sealed with the data cipher, bound to the row's id.
 */
export interface IdentityProvidersTable {
  /** Chosen by the administrator; part of the redirect URI, so never changed. */
  id: string
  display_name: string
  /** The issuer identifier, or the URL of its discovery document. */
  issuer: string
  client_id: string
  client_secret_sealed: string
  /** The ID token or userinfo claim that carries the email address. */
  email_claim: string
  /** 1: only an `email_verified: true` address is accepted. */
  require_verified_email: number
  /** Space-separated, always including `openid`. */
  scopes: string
  /** 1 enabled, 0 disabled. */
  enabled: number
  /** Epoch ms. */
  created_at: number
  updated_at: number
}

export interface SsoTables {
  sso_identity_providers: IdentityProvidersTable
}
