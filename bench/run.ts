// `npm run bench`: every benchmark, each next to its baseline measured in the same run, with the
// ratios and targets of docs/performance.md.
//
// Options (after `npm run bench --`):
//   --only platform|tool   run one group
//   --seconds N            measured seconds per point (default 6; warm-up is a third of it)
//   --profile DIR          write a CPU profile of each server child at concurrency 8 into DIR
//                          (summarise with bench/profile-summary.ts)
import { mkdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { formatRate, type LoadResult, percent, table } from './lib.js'
import { type Measured, platformBenchmarks, type Timing } from './platform.js'
import { toolBenchmarks } from './tool.js'

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '6' },
    profile: { type: 'string' },
  },
})
const seconds = Number(values.seconds)
if (!(seconds > 0)) throw new TypeError('--seconds expects a positive number')
if (values.profile !== undefined) mkdirSync(resolve(values.profile), { recursive: true })
const timing: Timing = {
  warmupMs: Math.max(1000, (seconds * 1000) / 3),
  durationMs: seconds * 1000,
  ...(values.profile === undefined ? {} : { profileDir: resolve(values.profile) }),
}

const ms = (value: number) => value.toFixed(1)

function row(name: string, concurrency: number, result: LoadResult) {
  return {
    benchmark: name,
    c: concurrency,
    'ops/s': formatRate(result.perSecond),
    p50: ms(result.latencyMs.p50),
    p90: ms(result.latencyMs.p90),
    p99: ms(result.latencyMs.p99),
    max: ms(result.latencyMs.max),
    ok: result.completed,
    failed: result.failed,
  }
}

function rows(measured: readonly Measured[]) {
  return measured.map((m) => ({
    ...row(m.name, m.concurrency, m.result),
    'srv CPU ms/op': m.serverCpuMsPerOp === undefined ? '-' : m.serverCpuMsPerOp.toFixed(2),
    'SQL/op': m.queriesPerOp === undefined ? '-' : m.queriesPerOp.toFixed(1),
    load: m.load.toFixed(1),
  }))
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED'
}

function errorsOf(measured: readonly Measured[]) {
  for (const m of measured) {
    if (m.result.firstError !== undefined) {
      console.log(`  ${m.name} c=${m.concurrency} first error: ${m.result.firstError}`)
    }
  }
}

const at = (measured: readonly Measured[], c: number) => measured.find((m) => m.concurrency === c)

/**
 * Server CPU per operation against the baseline's: on a shared machine, throughput follows the CPU
 * share the server gets, but CPU time per operation hardly depends on it.
 */
function cpuRatio(what: string, measured: Measured | undefined, baselineMs: number, of: string) {
  const ms = measured?.serverCpuMsPerOp
  if (ms === undefined) return
  console.log(
    `c=8 server CPU per ${what}: ${ms.toFixed(2)} ms vs ${baselineMs.toFixed(2)} ms for ${of} ` +
      `(at most ${formatRate(1000 / ms)}/s per core, baseline ${formatRate(1000 / baselineMs)}/s per core: ` +
      `${percent(baselineMs, ms)})`,
  )
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
)
console.log(`timing: ${timing.warmupMs / 1000} s warm-up + ${seconds} s measured per point\n`)

if (values.only === undefined || values.only === 'platform') {
  const p = await platformBenchmarks(timing, { launch: [1, 8, 32], ags: [8, 32] })
  console.log('## Platform launch (issue 3)\n')
  console.log(table(rows(p.launches)))
  errorsOf(p.launches)
  const best = Math.max(...p.launches.map((m) => m.result.perSecond))
  const raw = Math.max(p.signRate.concurrency1, p.signRate.concurrency8)
  console.log(
    `\nraw RS256 signing (jose, 2048-bit, ${p.signRate.payloadBytes}-byte payload, child process): ` +
      `${formatRate(p.signRate.concurrency1)}/s at c=1, ${formatRate(p.signRate.concurrency8)}/s at c=8, ` +
      `${p.signRate.cpuMsPerSign.toFixed(2)} CPU ms per signature`,
  )
  console.log(
    `best launches/s ${formatRate(best)} = ${percent(best, raw)} of the raw signing rate ` +
      `(target ≥ 70%: ${verdict(best >= 0.7 * raw)}); id_token ${p.idTokenBytes} bytes`,
  )
  cpuRatio('launch', at(p.launches, 8), p.signRate.cpuMsPerSign, 'a raw signature')
  console.log('\n## AGS scores (issue 3)\n')
  console.log(table([...rows(p.scores), ...rows(p.bareScores)]))
  errorsOf([...p.scores, ...p.bareScores])
  for (const c of [8, 32]) {
    const real = at(p.scores, c)?.result
    const bare = at(p.bareScores, c)?.result
    if (real === undefined || bare === undefined) continue
    console.log(
      `c=${c}: ${formatRate(real.perSecond)} scores/s = ${percent(real.perSecond, bare.perSecond)} ` +
        `of the bare JSON server (target ≥ 5,000/s: ${verdict(real.perSecond >= 5000)})`,
    )
  }
  const bare8 = at(p.bareScores, 8)?.serverCpuMsPerOp
  if (bare8 !== undefined) cpuRatio('score', at(p.scores, 8), bare8, 'a bare JSON request')
  console.log(
    `\nplatform server peak RSS ${p.serverPeakRssMb.toFixed(0)} MB ` +
      `(target < 250 MB: ${verdict(p.serverPeakRssMb < 250)})\n`,
  )
}

if (values.only === undefined || values.only === 'tool') {
  const t = await toolBenchmarks(timing, [1, 8, 32])
  console.log('## Tool launch (issue 4)\n')
  if (t === undefined) {
    console.log('skipped: the tool role has no working LTI 1.3 launch routes in this checkout\n')
  } else {
    console.log(table([...rows(t.launches), ...rows(t.bare)]))
    errorsOf([...t.launches, ...t.bare])
    console.log(
      `\ndriver's own RS256 signing: ${formatRate(t.driverSignRate)}/s (in the driver, while idle)`,
    )
    const bareCpu = at(t.bare, 8)?.serverCpuMsPerOp
    if (bareCpu !== undefined) cpuRatio('launch', at(t.launches, 8), bareCpu, 'a bare verification')
    const real = at(t.launches, 8)?.result
    const bare = at(t.bare, 8)?.result
    if (real !== undefined && bare !== undefined) {
      console.log(
        `c=8: ${formatRate(real.perSecond)} launches/s = ${percent(real.perSecond, bare.perSecond)} of ` +
          `the bare verifier (target ≥ 50%: ${verdict(real.perSecond >= 0.5 * bare.perSecond)}); ` +
          `p99 ${ms(real.latencyMs.p99)} ms (target < 20 ms: ${verdict(real.latencyMs.p99 < 20)})`,
      )
    }
    console.log(
      `tool server peak RSS ${t.serverPeakRssMb.toFixed(0)} MB ` +
        `(target < 250 MB: ${verdict(t.serverPeakRssMb < 250)})\n`,
    )
  }
}
