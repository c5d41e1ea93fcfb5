/** One bad setting: its name and what was expected. Never holds the bad value (it may be secret). */
export interface ConfigIssue {
  readonly setting: string
  readonly message: string
}

/**
 * Startup error for a configuration ltihub refuses. The message lists each bad setting as
 * `SETTING: expected …`, so the operator sees at once what to fix; values are never echoed.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly code = 'ERR_LTIHUB_CONFIG'
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  ${issue.setting}: ${issue.message}`)
    super(`Invalid configuration:\n${lines.join('\n')}`)
    this.issues = issues
  }
}

/** Narrows an unknown value to a `ConfigError`. */
export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError
}
