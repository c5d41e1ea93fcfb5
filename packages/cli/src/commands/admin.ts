import { parseArgs } from 'node:util'
import {
  createConsoleAccount,
  createIdentity,
  featuresFor,
  migrateToLatest,
  PASSWORD_RULE,
} from '@ltihub/server'
import { EXIT, type CliIo, UsageError } from '../io.js'
import { withDatabase } from './context.js'
import { newPassword } from './password-input.js'

/**
 * `ltihub admin create --email E --name N [--password-stdin | --sso-only]`: migrates, then creates
 * a console administrator with a password (asked on a terminal or read from standard input).
 */
export async function admin(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'sso-only': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1 || positionals[0] !== 'create') {
    throw new UsageError('expected `ltihub admin create --email <address> --name <name>`')
  }
  const { email, name } = values
  if (email === undefined || name === undefined) {
    throw new UsageError('admin create needs --email and --name')
  }
  const ssoOnly = values['sso-only']
  if (ssoOnly && values['password-stdin']) {
    throw new UsageError('an SSO-only administrator has no password: drop --password-stdin')
  }
  const password = ssoOnly ? undefined : await newPassword(io, values['password-stdin'])
  return withDatabase(io, async ({ config, db }) => {
    await migrateToLatest(db)
    const sources = featuresFor(config.roles).flatMap((f) => (f.people ? [f.people] : []))
    const identity = createIdentity({ db, sources })
    const result = await createConsoleAccount(
      { db, identity, clock: Date.now },
      { name, email, roles: ['administrator'], ssoOnly, password },
    )
    if ('errors' in result) {
      for (const [field, message] of Object.entries(result.errors)) {
        io.stderr.write(`ltihub: ${field === '' ? '' : `${field}: `}${message}\n`)
      }
      if ('password' in result.errors) io.stderr.write(`Password rule: ${PASSWORD_RULE}\n`)
      return EXIT.failure
    }
    io.stdout.write(`administrator ${result.person.email ?? email} created (${result.person.id})\n`)
    return EXIT.ok
  })
}
