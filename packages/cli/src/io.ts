/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** Aborts on SIGINT/SIGTERM: `serve` then shuts down gracefully. */
  readonly signal: AbortSignal
  /** Standard input, for `--password-stdin` and the password prompt on a terminal. */
  readonly stdin?: PasswordInput
  /** Base for relative paths (DATA_DIR, LTIHUB_CONFIG); defaults to the working directory. */
  readonly cwd?: string
}

/** The part of standard input the commands use (a TTY prompts without echo). */
export interface PasswordInput extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean
  setRawMode?(mode: boolean): unknown
  setEncoding?(encoding: BufferEncoding): unknown
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown
  resume(): unknown
  pause(): unknown
}

/** Exit codes, after sysexits(3) where one fits. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 78,
} as const

/** A mistake on the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
