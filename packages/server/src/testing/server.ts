import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '@ltihub/core'
import { loadConfig, type SettingName } from '../config/index.js'
import type { Feature } from '../features/feature.js'
import { featuresFor } from '../features/index.js'
import { createLogger } from '../http/logger.js'
import type { OutboundTransport } from '../outbound/index.js'
import { type RunningServer, startServer } from '../server.js'
import type { TestDatabase } from './databases.js'

export interface TestServerOptions {
  /** The database to use; default a fresh SQLite file in a temporary DATA_DIR. */
  readonly database?: TestDatabase
  /** Settings over the test defaults (PORT=0, HOST=127.0.0.1, a random secret). */
  readonly env?: Partial<Record<SettingName, string>>
  /** Features added after the configured roles' features (routes that throw, etc.). */
  readonly extraFeatures?: readonly Feature[]
  readonly clock?: Clock
  /** The outbound resolver and connector (tests that must not dial anything replace both). */
  readonly outboundTransport?: Partial<OutboundTransport>
}

export interface TestServer extends RunningServer {
  /** Every JSON log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[]
  /** The raw log text, to assert that secrets never appear. */
  logText(): string
}

/**
 * Starts a real server on a free loopback port for HTTP tests (fetch against `server.url`).
 * Close it in `afterEach`/`afterAll`; its temporary DATA_DIR is removed then.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.database?.dataDir ?? mkdtempSync(join(tmpdir(), 'ltihub-server-'))
  const database = options.database?.database
  const config = loadConfig({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LTIHUB_SECRET: `test-secret-${crypto.randomUUID()}`,
      LOG_LEVEL: 'info',
      ...(database?.dialect === 'postgres' ? { DATABASE_URL: database.url.reveal() } : {}),
      ...options.env,
    },
  })
  const lines: string[] = []
  const logger = createLogger(config, { write: (line: string) => void lines.push(line) })
  const server = await startServer(config, {
    logger,
    features: [...featuresFor(config.roles), ...(options.extraFeatures ?? [])],
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.outboundTransport === undefined
      ? {}
      : { outboundTransport: options.outboundTransport }),
  })
  return {
    ...server,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    logText: () => lines.join(''),
    async close() {
      await server.close()
      if (options.database === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
