/** The text of `ltihub --help`. */
export const HELP = `ltihub: LTI 1.1 and LTI 1.3 / Advantage platform and tool server

Usage:
  ltihub serve [--demo] [--port <n>] [--host <address>]
      Migrate the database, create missing signing keys and serve HTTP until SIGINT/SIGTERM.
      --demo loads demo data and offers "sign in as" on the console (refused in production).
  ltihub migrate [--down [<steps>]] [--status]
      Apply pending migrations, revert the latest <steps> (default 1), or list them.
  ltihub keys rotate [--role platform|tool]
      Rotate signing keys with overlap: the published next key starts signing, the current key
      stays published while it retires. Default: every enabled role.
  ltihub admin create --email <address> --name <name> [--password-stdin | --sso-only]
      Migrate the database, then create a console administrator. The password is asked on a
      terminal (twice, without echo) or read from standard input with --password-stdin.
  ltihub help [<command>]

Settings come from the environment (and LTIHUB_CONFIG); see docs/operators/configuration.md.

Exit codes: 0 success, 1 failure, 2 usage error, 78 configuration error.
`
