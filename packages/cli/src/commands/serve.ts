import { parseArgs } from 'node:util'
import { loadConfig, startServer } from '@ltihub/server'
import { EXIT, type CliIo, UsageError } from '../io.js'

/** `ltihub serve [--demo] [--port <n>] [--host <address>]`: runs until the signal aborts. */
export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  })
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    throw new UsageError('--port expects a number')
  }
  const config = loadConfig({
    env: io.env,
    ...(io.cwd === undefined ? {} : { cwd: io.cwd }),
    overrides: {
      ...(values.demo ? { LTIHUB_DEMO: 'true' } : {}),
      ...(values.port === undefined ? {} : { PORT: values.port }),
      ...(values.host === undefined ? {} : { HOST: values.host }),
    },
  })
  const server = await startServer(config)
  io.stderr.write(`ltihub listening on ${server.url} (public URL ${server.config.publicUrl})\n`)
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve()
    io.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  io.stderr.write('ltihub shutting down\n')
  await server.close()
  return EXIT.ok
}
