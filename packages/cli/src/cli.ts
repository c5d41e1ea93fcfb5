import { isConfigError, MigrationError } from '@ltihub/server'
import { admin } from './commands/admin.js'
import { keys } from './commands/keys.js'
import { migrate } from './commands/migrate.js'
import { serve } from './commands/serve.js'
import { HELP } from './help.js'
import { EXIT, type CliIo, UsageError } from './io.js'

type Command = (args: readonly string[], io: CliIo) => Promise<number>

const COMMANDS: Readonly<Record<string, Command>> = { serve, migrate, keys, admin }

/** node:util parseArgs reports its own misuse with these codes. */
function isArgsError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError || isArgsError(error)) {
    io.stderr.write(`ltihub: ${(error as Error).message}\n\n${HELP}`)
    return EXIT.usage
  }
  if (isConfigError(error)) {
    io.stderr.write(`ltihub: ${error.message}\n`)
    return EXIT.config
  }
  if (error instanceof MigrationError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    io.stderr.write(`ltihub: ${error.message}${cause}\n`)
    return EXIT.failure
  }
  io.stderr.write(`ltihub: ${error instanceof Error ? error.message : String(error)}\n`)
  return EXIT.failure
}

/**
 * Runs one `ltihub` command line and resolves to its exit code. Never exits the process itself,
 * so tests call it directly.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = COMMANDS[name]
  if (command === undefined) return report(new UsageError(`unknown command ${name}`), io)
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP)
    return EXIT.ok
  }
  try {
    return await command(args, io)
  } catch (error) {
    return report(error, io)
  }
}
