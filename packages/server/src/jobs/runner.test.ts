import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createJobRunner, type IntervalJob } from './runner.js'

function logger() {
  return { info: vi.fn(), error: vi.fn(), debug: vi.fn() }
}

describe('job runner', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs each job every interval and records reports', async () => {
    let count = 0
    const job: IntervalJob = {
      name: 'count',
      intervalMs: 100,
      run: () => Promise.resolve({ count: ++count }),
    }
    const runner = createJobRunner([job], { logger: logger(), now: () => 5 })
    runner.start()
    await vi.advanceTimersByTimeAsync(99)
    expect(count).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(count).toBe(1)
    await vi.advanceTimersByTimeAsync(200)
    expect(count).toBe(3)
    expect(runner.status()).toEqual([
      {
        name: 'count',
        intervalMs: 100,
        runs: 3,
        failures: 0,
        lastRunAt: 5,
        lastOutcome: 'ok',
        lastReport: { count: 3 },
      },
    ])
    await runner.stop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(count).toBe(3)
  })

  it('never overlaps runs of one job', async () => {
    let active = 0
    let maxActive = 0
    const job: IntervalJob = {
      name: 'slow',
      intervalMs: 10,
      async run() {
        active += 1
        maxActive = Math.max(maxActive, active)
        await new Promise((resolve) => setTimeout(resolve, 50))
        active -= 1
        return undefined
      },
    }
    const runner = createJobRunner([job], { logger: logger() })
    runner.start()
    const manual = runner.runNow('slow')
    await vi.advanceTimersByTimeAsync(500)
    await manual
    expect(maxActive).toBe(1)
    const stopping = runner.stop()
    await vi.advanceTimersByTimeAsync(100)
    await stopping
  })

  it('lets a run that outlasts overlapAfterMs go on beside the next ones, and stop waits for it', async () => {
    const releases: (() => void)[] = []
    const started: number[] = []
    const job: IntervalJob = {
      name: 'deliver',
      intervalMs: 100,
      overlapAfterMs: 100,
      run: () => {
        started.push(Date.now())
        // The first run hangs until released; the others end at once.
        if (started.length > 1) return Promise.resolve({ n: started.length })
        return new Promise((resolve) => releases.push(() => resolve({ n: 1 })))
      },
    }
    const runner = createJobRunner([job], { logger: logger() })
    const t0 = Date.now()
    runner.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(started).toHaveLength(1)
    // Held for 100 ms, then the schedule moves on: interval 100 ms, so the next run at 300 ms.
    await vi.advanceTimersByTimeAsync(200)
    expect(started.map((t) => t - t0)).toEqual([100, 300])
    await vi.advanceTimersByTimeAsync(100)
    expect(started).toHaveLength(3)
    expect(runner.status()[0]).toMatchObject({ runs: 2, lastReport: { n: 3 } })
    let stopped = false
    const stopping = runner.stop().then(() => (stopped = true))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(stopped).toBe(false)
    releases[0]?.()
    await stopping
    expect(runner.status()[0]).toMatchObject({ runs: 3, lastReport: { n: 1 } })
    expect(started).toHaveLength(3)
  })

  it('logs a failure and keeps running', async () => {
    const log = logger()
    let calls = 0
    const job: IntervalJob = {
      name: 'flaky',
      intervalMs: 10,
      run: () => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve({ ok: 1 })),
    }
    const runner = createJobRunner([job], { logger: log })
    expect((await runner.runNow('flaky')).lastOutcome).toBe('failed')
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ job: 'flaky' }), 'job failed')
    expect(await runner.runNow('flaky')).toMatchObject({ lastOutcome: 'ok', runs: 2, failures: 1 })
    await runner.stop()
  })

  it('aborts running jobs on stop and waits for them', async () => {
    let sawAbort = false
    const job: IntervalJob = {
      name: 'long',
      intervalMs: 10,
      run: (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true
            resolve(undefined)
          })
        }),
    }
    const runner = createJobRunner([job], { logger: logger() })
    void runner.runNow('long')
    await runner.stop()
    expect(sawAbort).toBe(true)
    expect(() => runner.start()).toThrow(TypeError)
  })

  it('refuses duplicate names, tiny intervals and unknown jobs', async () => {
    const job: IntervalJob = { name: 'a', intervalMs: 10, run: () => Promise.resolve(undefined) }
    expect(() => createJobRunner([job, job], { logger: logger() })).toThrow(TypeError)
    expect(() => createJobRunner([{ ...job, intervalMs: 1 }], { logger: logger() })).toThrow(
      TypeError,
    )
    await expect(createJobRunner([job], { logger: logger() }).runNow('b')).rejects.toThrow(
      TypeError,
    )
  })
})
