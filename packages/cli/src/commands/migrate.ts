import { parseArgs } from 'node:util'
import { migrateDown, migrateToLatest, migrationStatus } from '@ltihub/server'
import { EXIT, type CliIo, UsageError } from '../io.js'
import { withDatabase } from './context.js'

function steps(value: string | undefined): number {
  if (value === undefined) return 1
  if (!/^[1-9]\d{0,3}$/.test(value))
    throw new UsageError('--down expects a positive number of steps')
  return Number(value)
}

/** `ltihub migrate [--down [<steps>]] [--status]`: the same migrator the server runs at start. */
export async function migrate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      down: { type: 'boolean', default: false },
      status: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  if (values.down && values.status) throw new UsageError('use either --down or --status')
  if (positionals.length > (values.down ? 1 : 0)) {
    throw new UsageError(`unexpected argument ${positionals.at(-1) ?? ''}`)
  }
  return withDatabase(io, async ({ db }) => {
    if (values.status) {
      for (const entry of await migrationStatus(db)) {
        const state =
          entry.appliedAt === undefined ? 'pending' : `applied ${entry.appliedAt.toISOString()}`
        io.stdout.write(`${entry.name}  ${state}\n`)
      }
      return EXIT.ok
    }
    const done = values.down
      ? await migrateDown(db, steps(positionals[0]))
      : await migrateToLatest(db)
    if (done.length === 0)
      io.stdout.write(values.down ? 'nothing to revert\n' : 'already up to date\n')
    for (const step of done)
      io.stdout.write(`${step.direction === 'up' ? 'applied' : 'reverted'} ${step.name}\n`)
    return EXIT.ok
  })
}
