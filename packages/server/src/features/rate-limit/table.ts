/**
 * `rate_limit_counters`: one fixed window per limited key (a limit name and a hash of who is
 * counted). Rows past `window_ends_at` are dead: the next hit restarts them, a job deletes them.
 */
export interface RateLimitCountersTable {
  /** `<limit>:<base64url SHA-256 of the subject>`; never an address or token in clear. */
  key: string
  hits: number
  /** Epoch ms. */
  window_ends_at: number
}

export interface RateLimitTables {
  rate_limit_counters: RateLimitCountersTable
}
