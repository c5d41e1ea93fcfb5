// CPU profiles of a server child under load only (not its start-up and seeding): when
// BENCH_PROFILE_DIR is set, the first SIGUSR2 starts the V8 profiler and the next one writes
// `<dir>/<label>.cpuprofile`, the label being read from `<dir>/label` (written by the driver).
// With `statements`, the SQL run meanwhile goes to `<dir>/<label>.sql.txt` too.
import { readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

export interface StatementLog {
  reset(): void
  report(): string
}

export function profileOnSignal(statements?: StatementLog): void {
  const dir = process.env['BENCH_PROFILE_DIR']
  if (dir === undefined || dir === '') return
  const session = new Session()
  session.connect()
  let running = false
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 500 })
        await session.post('Profiler.start')
        statements?.reset()
        return
      }
      running = false
      const { profile } = await session.post('Profiler.stop')
      const label = readFileSync(join(dir, 'label'), 'utf8').trim()
      if (statements !== undefined)
        writeFileSync(join(dir, `${label}.sql.txt`), statements.report())
      writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile))
    })()
  })
}
