import type { Logger } from 'pino'

/** What one run of a job reports, e.g. `{ purged: 12 }` or `{ delivered: 3, failed: 1 }`. */
export type JobReport = Readonly<Record<string, number>>

/**
 * Work done again and again in the background: purging nonces now, later delivering grades and
 * syncing members. Durability comes from the job's data, not from the runner: a job keeps its
 * queue in the database (an outbox table) and each run claims rows with an atomic UPDATE, so a
 * restart loses nothing and several instances can run the same job side by side.
 */
export interface IntervalJob {
  /** Stable, dotted name for logs and the console, e.g. `nonces.purge`. */
  readonly name: string
  /** Pause between the end of one run and the start of the next. */
  readonly intervalMs: number
  /**
   * A run still going after this long stops holding the schedule: the next run starts one
   * interval later while the slow one finishes beside it. Only for jobs whose runs may overlap
   * (grade delivery: a run skips the platforms an earlier one is still waiting on, so one silent
   * platform cannot hold back the others' grades). Default: runs never overlap.
   */
  readonly overlapAfterMs?: number
  /** One pass. Must be idempotent; should stop early when `signal` aborts (shutdown). */
  run(signal: AbortSignal): Promise<JobReport | undefined>
}

/** The state of one job, for the console. Errors are logged, never shown here. */
export interface JobStatus {
  readonly name: string
  readonly intervalMs: number
  readonly runs: number
  readonly failures: number
  readonly lastRunAt: number | undefined
  readonly lastOutcome: 'ok' | 'failed' | undefined
  readonly lastReport: JobReport | undefined
}

export interface JobRunner {
  /** Schedules every job; the first run of each comes after one interval. */
  start(): void
  /** Runs one job now (tests, `ltihub` commands); resolves after it finished. */
  runNow(name: string): Promise<JobStatus>
  status(): readonly JobStatus[]
  /** Cancels the timers, aborts running jobs and waits for them to return. */
  stop(): Promise<void>
}

export interface JobRunnerOptions {
  readonly logger: Pick<Logger, 'info' | 'error' | 'debug'>
  readonly now?: () => number
}

interface Slot {
  job: IntervalJob
  status: JobStatus
  timer: NodeJS.Timeout | undefined
  /** The run that holds the schedule (until it ends, or until `overlapAfterMs`). */
  running: Promise<void> | undefined
  /** Every run not finished yet, overlapping ones included: `stop` waits for all. */
  inFlight: Set<Promise<void>>
}

/** Resolves when `run` ends or after `ms`, whichever comes first. */
function holdAtMost(run: Promise<void>, ms: number | undefined): Promise<void> {
  if (ms === undefined) return run
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref()
    void run.finally(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/**
 * An in-process runner of interval jobs. Runs of one job never overlap; a failing run is logged
 * and retried at the next interval; the timers do not keep the process alive.
 */
export function createJobRunner(
  jobs: readonly IntervalJob[],
  options: JobRunnerOptions,
): JobRunner {
  const now = options.now ?? Date.now
  const controller = new AbortController()
  const slots = new Map<string, Slot>()
  for (const job of jobs) {
    if (slots.has(job.name)) throw new TypeError(`two jobs are named ${job.name}`)
    if (!Number.isInteger(job.intervalMs) || job.intervalMs < 10) {
      throw new TypeError(`job ${job.name} needs an interval of at least 10 ms`)
    }
    const status: JobStatus = {
      name: job.name,
      intervalMs: job.intervalMs,
      runs: 0,
      failures: 0,
      lastRunAt: undefined,
      lastOutcome: undefined,
      lastReport: undefined,
    }
    slots.set(job.name, { job, status, timer: undefined, running: undefined, inFlight: new Set() })
  }

  async function execute(slot: Slot): Promise<void> {
    const startedAt = now()
    try {
      const report = await slot.job.run(controller.signal)
      slot.status = {
        ...slot.status,
        runs: slot.status.runs + 1,
        lastRunAt: startedAt,
        lastOutcome: 'ok',
        lastReport: report,
      }
      options.logger.debug({ job: slot.job.name, report, ms: now() - startedAt }, 'job ran')
    } catch (error) {
      slot.status = {
        ...slot.status,
        runs: slot.status.runs + 1,
        failures: slot.status.failures + 1,
        lastRunAt: startedAt,
        lastOutcome: 'failed',
        lastReport: undefined,
      }
      options.logger.error({ job: slot.job.name, err: error }, 'job failed')
    }
  }

  /**
   * Starts a run unless one holds the schedule. Resolves when it stops holding the schedule, or
   * with `whole` when the run (or every run in flight, if one was going) has ended.
   */
  async function runSlot(slot: Slot, whole: boolean): Promise<void> {
    if (slot.running !== undefined) {
      await (whole ? Promise.all([...slot.inFlight]) : slot.running)
      return
    }
    const run = execute(slot).finally(() => slot.inFlight.delete(run))
    slot.inFlight.add(run)
    const held = holdAtMost(run, slot.job.overlapAfterMs).finally(() => {
      slot.running = undefined
    })
    slot.running = held
    await (whole ? run : held)
  }

  function schedule(slot: Slot): void {
    if (controller.signal.aborted) return
    slot.timer = setTimeout(() => {
      void runSlot(slot, false).then(() => schedule(slot))
    }, slot.job.intervalMs)
    slot.timer.unref()
  }

  return {
    start() {
      if (controller.signal.aborted) throw new TypeError('a stopped job runner cannot start again')
      for (const slot of slots.values()) if (slot.timer === undefined) schedule(slot)
      options.logger.info({ jobs: [...slots.keys()] }, 'jobs started')
    },
    async runNow(name) {
      const slot = slots.get(name)
      if (slot === undefined) throw new TypeError(`no job is named ${name}`)
      await runSlot(slot, true)
      return slot.status
    },
    status() {
      return [...slots.values()].map((slot) => slot.status)
    },
    async stop() {
      controller.abort()
      for (const slot of slots.values()) clearTimeout(slot.timer)
      await Promise.all([...slots.values()].flatMap((slot) => [...slot.inFlight]))
    },
  }
}
