import { type Config, createDatabase, createLogger, loadConfig } from '@ltihub/server'
import type { CliIo } from '../io.js'

/** The configuration, a logger on stderr and an open database, for one-shot commands. */
export interface CommandContext {
  readonly config: Config
  readonly logger: ReturnType<typeof createLogger>
  readonly db: ReturnType<typeof createDatabase>
}

/** Opens what a one-shot command needs, runs it, and always closes the database. */
export async function withDatabase<T>(
  io: CliIo,
  run: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ env: io.env, ...(io.cwd === undefined ? {} : { cwd: io.cwd }) })
  const logger = createLogger(config, { write: (line: string) => void io.stderr.write(line) })
  const db = createDatabase(config, { logger })
  try {
    return await run({ config, logger, db })
  } finally {
    await db.destroy()
  }
}
