import { createServer } from 'node:net'
import { type Clock, systemClock } from '@ltihub/core'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { type Config, withPort } from './config/index.js'
import type { AppContext } from './context.js'
import { createDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import type { Database } from './db/schema.js'
import { seedDemo } from './demo/seed.js'
import type { Feature } from './features/feature.js'
import { type App, buildApp } from './http/app.js'
import { createLogger } from './http/logger.js'
import { deriveKeys, resolveRootSecret } from './security/index.js'
import type { OutboundTransport } from './outbound/index.js'

export interface StartServerOptions {
  /** Defaults to a JSON logger on standard output at `config.logLevel`. */
  readonly logger?: Logger
  readonly clock?: Clock
  /** Defaults to the features of the configured roles. */
  readonly features?: readonly Feature[]
  /** Replaces the outbound resolver and connector (tests: no real address is ever dialled). */
  readonly outboundTransport?: Partial<OutboundTransport>
}

export interface RunningServer {
  /** Where the server listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  /** The configuration in effect (with the real port when 0 was asked for). */
  readonly config: Config
  readonly context: AppContext
  /** The Fastify app (ready and listening), for tests that inspect its routes. */
  readonly app: FastifyInstance
  /** Stops the jobs, closes the HTTP server (finishing requests in flight) and the database. */
  close(): Promise<void>
}

/** Asks the OS for a free port, so the public URL is known before the app is built. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port assigned'))
      })
    })
  })
}

/** Runs each feature's start hook (e.g. key rings), then the demo seeders when asked. */
async function prepare(context: AppContext): Promise<void> {
  for (const feature of context.features) await feature.onStart?.(context)
  if (context.config.demo) await seedDemo(context)
}

/**
 * Starts one ltihub instance: opens and migrates the database, derives the keys, prepares the
 * features (key rings, demo data), listens, and starts the background jobs.
 *
 * @example
 * const server = await startServer(loadConfig({ env: process.env }))
 * process.once('SIGTERM', () => void server.close())
 */
export async function startServer(
  config: Config,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config)
  const effective = config.port === 0 ? withPort(config, await freePort(config.host)) : config
  const keys = await deriveKeys(await resolveRootSecret(effective, logger))
  const db: Kysely<Database> = createDatabase(effective, { logger })
  let built: App | undefined
  try {
    const applied = await migrateToLatest(db)
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrated')
    built = await buildApp({
      config: effective,
      db,
      logger,
      keys,
      clock: options.clock ?? systemClock,
      ...(options.features === undefined ? {} : { features: options.features }),
      ...(options.outboundTransport === undefined
        ? {}
        : { outboundTransport: options.outboundTransport }),
    })
    const { app, context } = built
    await prepare(context)
    await app.listen({ port: effective.port, host: effective.host })
    context.jobs.start()
    const host = effective.host.includes(':') ? `[${effective.host}]` : effective.host
    const url = `http://${host}:${effective.port}`
    logger.info({ url, publicUrl: effective.publicUrl, roles: effective.roles }, 'ltihub started')
    return {
      url,
      config: effective,
      context,
      app,
      async close() {
        await context.jobs.stop()
        await app.close()
        await db.destroy()
        logger.info('ltihub stopped')
      },
    }
  } catch (error) {
    await built?.app.close()
    await db.destroy()
    throw error
  }
}
