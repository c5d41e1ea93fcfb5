import { inspect } from 'node:util'

const REDACTED = '[redacted]'

/**
 * A configuration value that must never reach a log, an error message or a page: the root secret
 * and database URLs (which may hold a password). JSON serialisation, string conversion and
 * `util.inspect` all print `[redacted]`; only {@link SecretValue.reveal} gives the value.
 */
export class SecretValue {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The secret itself. Call it only where the value is used, never to log or display it. */
  reveal(): string {
    return this.#value
  }

  toJSON(): string {
    return REDACTED
  }

  toString(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return REDACTED
  }
}
