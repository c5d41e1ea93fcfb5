// Shared pieces of the benchmarks: a closed-loop load driver, latency percentiles, resident memory of
// a child process, and a child server started the way an operator starts it.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'

export interface LoadResult {
  readonly completed: number
  readonly failed: number
  readonly seconds: number
  readonly perSecond: number
  readonly latencyMs: {
    readonly p50: number
    readonly p90: number
    readonly p99: number
    readonly max: number
  }
  readonly firstError?: string
}

/**
 * Runs `task` from `concurrency` loops until `durationMs` has passed (or `maxOps` tasks started) and
 * reports throughput and latency percentiles. A closed loop: each worker waits for its answer.
 */
export async function runLoad(options: {
  readonly concurrency: number
  readonly durationMs: number
  readonly maxOps?: number
  readonly task: (index: number) => Promise<void>
}): Promise<LoadResult> {
  const latencies: number[] = []
  let started = 0
  let failed = 0
  let firstError: string | undefined
  const begin = performance.now()
  const deadline = begin + options.durationMs
  const maxOps = options.maxOps ?? Number.POSITIVE_INFINITY
  const worker = async () => {
    while (performance.now() < deadline && started < maxOps) {
      const index = started++
      const t0 = performance.now()
      try {
        await options.task(index)
        latencies.push(performance.now() - t0)
      } catch (error) {
        failed++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const seconds = (performance.now() - begin) / 1000
  latencies.sort((a, b) => a - b)
  return {
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? 0,
    },
    ...(firstError === undefined ? {} : { firstError }),
  }
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? 0
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024
}

/** Samples the peak RSS of `pid` every 100 ms until `stop()` is called. */
export function trackPeakRss(pid: number): { stop(): number } {
  let peak = residentMb(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentMb(pid))
    } catch {
      // The process ended; keep the last peak.
    }
  }, 100)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}

/**
 * The V8 options `npm start` runs the server with: a young generation of at most 2 MB a
 * semi-space keeps the heap from growing under load (docs/operators/scaling.md, Memory).
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=2'] as const

/** Starts a TypeScript entry point in a child Node process and waits for it to print `ready <url>`. */
export async function startChild(
  entry: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<{ readonly url: string; readonly child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_OPTIONS, '--conditions=source', '--import', 'tsx', entry, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let buffer = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${entry} exited with ${code} before it was ready`)),
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const match = /ready (\S+)/.exec(buffer)
      if (match?.[1] !== undefined) resolve(match[1])
    })
  })
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

export function formatRate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1)
}

export function table(rows: ReadonlyArray<Readonly<Record<string, string | number>>>): string {
  const first = rows[0]
  if (first === undefined) return ''
  const headers = Object.keys(first)
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)))
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')
  return [
    line(headers),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(headers.map((h) => String(r[h])))),
  ].join('\n')
}

/**
 * Runs a TypeScript entry point in a child Node process to its end and returns the JSON it printed
 * on a line `result <json>` (a measurement taken alone in its own process).
 */
export async function runChildForResult<T>(
  entry: string,
  args: readonly string[] = [],
): Promise<T> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_OPTIONS, '--conditions=source', '--import', 'tsx', entry, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  const line = output.split('\n').find((l) => l.startsWith('result '))
  if (code !== 0 || line === undefined) throw new Error(`${entry} exited with ${code}: ${output}`)
  return JSON.parse(line.slice('result '.length)) as T
}

/** A ratio as a percentage with no decimals, e.g. `73%`. */
export function percent(value: number, of: number): string {
  return of > 0 ? `${Math.round((100 * value) / of)}%` : 'n/a'
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux, 100 ticks/s). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) * 10
}

/** The 1-minute load average: how busy the machine was around a measurement. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
}
