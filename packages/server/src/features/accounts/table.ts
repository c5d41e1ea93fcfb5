/**
 * `accounts`: console credentials of any person, keyed by the person's id (a school user's id, or
 * a console person's). A person without a row has no password and is not disabled.
 */
export interface AccountsTable {
  person_id: string
  /** `scrypt$…` (see passwords.ts), or null: no password set. Never the password itself. */
  password_hash: string | null
  /** 1: only single sign-on; passwords are refused. */
  sso_only: number
  /** 1: may not sign in; existing sessions end at their next request. */
  disabled: number
  /** Epoch ms. */
  created_at: number
  updated_at: number
}

/**
 * `console_people`: people who exist only for the console (an instance administrator, a tool's
 * author), with explicit roles. School people live in the school feature.
 */
export interface ConsolePeopleTable {
  id: string
  name: string
  email: string | null
  /** `lower(email)`, unique: emails match case-insensitively. */
  email_lower: string | null
  /** JSON array of role names, e.g. `["administrator"]`. */
  roles: string
  created_at: number
  updated_at: number
}

/** `console_sessions`: one row per signed-in browser. The cookie's value is stored only hashed. */
export interface ConsoleSessionsTable {
  /** base64url SHA-256 of the session id the cookie carries. */
  id_sha256: string
  /** A random handle naming the session on console pages (never the id or its hash). */
  handle: string
  person_id: string
  /** How the person signed in: `password`, `oidc`, `demo`, `setup`. */
  method: string
  /** The browser's User-Agent at sign-in, truncated. */
  user_agent: string | null
  /** Epoch ms. */
  created_at: number
  /** Updated at most once a minute (see sessions.ts). */
  last_seen_at: number
  /** The absolute end, whatever the activity. */
  expires_at: number
}

export interface AccountTables {
  accounts: AccountsTable
  console_people: ConsolePeopleTable
  console_sessions: ConsoleSessionsTable
}
