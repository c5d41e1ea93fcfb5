import { randomBytes } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { type Config, ConfigError, MIN_SECRET_LENGTH } from '../config/index.js'

/** File name of the generated development secret inside DATA_DIR. */
export const DEV_SECRET_FILE = 'ltihub.secret'

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}

async function readSecretFile(path: string, logger: Pick<Logger, 'warn'>): Promise<string> {
  const { mode } = await stat(path)
  if ((mode & 0o077) !== 0) {
    logger.warn({ path }, 'the development secret file is readable by other users; chmod 600 it')
  }
  const secret = (await readFile(path, 'utf8')).trim()
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError([
      {
        setting: 'LTIHUB_SECRET',
        message: `${path} holds fewer than ${MIN_SECRET_LENGTH} characters`,
      },
    ])
  }
  return secret
}

/**
 * The root secret: LTIHUB_SECRET when set. Otherwise (development and test only; the config refuses
 * production without it) a secret generated once with the CSPRNG and kept in
 * `DATA_DIR/ltihub.secret` with mode 0600, so sessions and encrypted keys survive restarts.
 */
export async function resolveRootSecret(
  config: Config,
  logger: Pick<Logger, 'warn'>,
): Promise<string> {
  if (config.secret !== undefined) return config.secret.reveal()
  if (config.nodeEnv === 'production') {
    throw new ConfigError([
      { setting: 'LTIHUB_SECRET', message: 'required when NODE_ENV=production' },
    ])
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const path = join(config.dataDir, DEV_SECRET_FILE)
  try {
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 })
    logger.warn(
      { path },
      'LTIHUB_SECRET is not set: generated a development secret; set LTIHUB_SECRET in production',
    )
  } catch (error) {
    // 'wx' fails when the file exists: another start (or process) created it first; use that one.
    if (!isNodeError(error, 'EEXIST')) throw error
    logger.warn({ path }, 'LTIHUB_SECRET is not set: using the development secret from DATA_DIR')
  }
  return readSecretFile(path, logger)
}
