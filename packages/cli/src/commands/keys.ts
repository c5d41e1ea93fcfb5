import { parseArgs } from 'node:util'
import {
  createDataCipher,
  deriveKeys,
  migrationStatus,
  resolveRootSecret,
  type Role,
  ROLES,
  rotateKeys,
} from '@ltihub/server'
import { EXIT, type CliIo, UsageError } from '../io.js'
import { withDatabase } from './context.js'

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** `ltihub keys rotate [--role platform|tool]`: rotates with overlap, in one transaction per role. */
export async function keys(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { role: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1 || positionals[0] !== 'rotate') {
    throw new UsageError('expected `ltihub keys rotate [--role platform|tool]`')
  }
  const role = values.role
  if (role !== undefined && !isRole(role))
    throw new UsageError(`--role expects one of ${ROLES.join(', ')}`)
  return withDatabase(io, async ({ config, logger, db }) => {
    if (role !== undefined && !config.roles.includes(role)) {
      throw new UsageError(
        `the ${role} role is not enabled (LTIHUB_ROLES=${config.roles.join(',')})`,
      )
    }
    if ((await migrationStatus(db)).some((entry) => entry.appliedAt === undefined)) {
      io.stderr.write('the database has pending migrations; run `ltihub migrate` first\n')
      return EXIT.failure
    }
    const cipher = createDataCipher(
      (await deriveKeys(await resolveRootSecret(config, logger))).dataEncryption,
    )
    for (const purpose of role === undefined ? config.roles : [role]) {
      const result = await rotateKeys({ db, cipher, clock: Date.now }, purpose)
      io.stdout.write(
        [
          `${purpose}: signing with ${result.current}`,
          `  next (published): ${result.next}`,
          `  retiring (published): ${result.retiring.join(', ') || '(none)'}`,
          `  removed: ${result.removed.join(', ') || '(none)'}`,
          '',
        ].join('\n'),
      )
    }
    return EXIT.ok
  })
}
