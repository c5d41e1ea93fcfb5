/**
 * The {@link Metrics} port on prom-client, in a registry of this server's own (no global
 * registry: two servers in one process, as in tests, never mix their numbers). Gauges of state
 * (outbox, connection pool) are read from their source when Prometheus scrapes, not kept.
 */
import type { Kysely } from 'kysely'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { poolUseOf } from '../db/database.js'
import type { Database } from '../db/schema.js'
import type { Metrics, MetricsScrape } from './port.js'

export interface PrometheusOptions {
  readonly db: Kysely<Database>
  /** Epoch ms, for the age of the oldest waiting grade. */
  readonly clock: () => number
  /** Whether this instance has the tool role (its grade outbox). */
  readonly tool: boolean
}

export interface PrometheusMetrics {
  readonly metrics: Metrics
  /** Reads every gauge from its source and renders the registry. */
  scrape(): Promise<MetricsScrape>
}

/** Request latency buckets in seconds: a page or API call is tens of ms, a launch up to seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

function outboxGauges(registry: Registry, options: PrometheusOptions): void {
  const { db, clock } = options
  const waiting = ['pending', 'delivering'] as const
  new Gauge({
    name: 'ltihub_tool_grade_outbox_items',
    help: 'Grades in the tool outbox by state (pending and delivering wait; dead needs a resend).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('tool_grade_outbox')
        .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
        .where('state', 'in', [...waiting, 'dead'])
        .groupBy('state')
        .execute()
      for (const state of [...waiting, 'dead']) {
        this.set({ state }, Number(rows.find((row) => row.state === state)?.count ?? 0))
      }
    },
  })
  new Gauge({
    name: 'ltihub_tool_grade_outbox_oldest_age_seconds',
    help: 'Age of the oldest grade waiting for delivery (0 when none waits).',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('tool_grade_outbox')
        .select((eb) => eb.fn.min('created_at').as('oldest'))
        .where('state', 'in', waiting)
        .executeTakeFirst()
      const oldest = row?.oldest ?? null
      this.set(oldest === null ? 0 : Math.max(0, (clock() - Number(oldest)) / 1000))
    },
  })
}

function poolGauges(registry: Registry, db: Kysely<Database>): void {
  new Gauge({
    name: 'ltihub_db_pool_connections',
    help: 'Database connections by state (PostgreSQL pool; SQLite has one connection).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = poolUseOf(db)
      this.set({ state: 'total' }, use.total)
      this.set({ state: 'idle' }, use.idle)
      this.set({ state: 'in_use' }, use.total - use.idle)
    },
  })
  new Gauge({
    name: 'ltihub_db_pool_waiting',
    help: 'Queries waiting for a free database connection.',
    registers: [registry],
    collect() {
      this.set(poolUseOf(db).waiting)
    },
  })
  new Gauge({
    name: 'ltihub_db_pool_max',
    help: 'The most database connections this process opens.',
    registers: [registry],
    collect() {
      this.set(poolUseOf(db).max)
    },
  })
}

/** Builds the registry with every ltihub metric and the process's default metrics. */
export function createPrometheusMetrics(options: PrometheusOptions): PrometheusMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const launches = new Counter({
    name: 'ltihub_lti_launches_total',
    help: 'LTI launches: started by a person on the platform, accepted by the tool.',
    labelNames: ['role', 'lti_version'],
    registers: [registry],
  })
  const refusals = new Counter({
    name: 'ltihub_lti_refusals_total',
    help: 'LTI requests refused, by role, endpoint and error code (docs/errors.md).',
    labelNames: ['role', 'endpoint', 'code'],
    registers: [registry],
  })
  const scores = new Counter({
    name: 'ltihub_platform_scores_accepted_total',
    help: "Scores the platform's grade book took from tools, by service and result.",
    labelNames: ['service', 'result'],
    registers: [registry],
  })
  const deliveries = new Counter({
    name: 'ltihub_tool_grade_deliveries_total',
    help: 'Delivery attempts of the tool grade outbox, by platform and outcome.',
    labelNames: ['platform', 'outcome'],
    registers: [registry],
  })
  const requests = new Histogram({
    name: 'ltihub_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  if (options.tool) outboxGauges(registry, options)
  poolGauges(registry, options.db)
  const metrics: Metrics = {
    launch: (role, version) => launches.inc({ role, lti_version: version }),
    refusal: (role, endpoint, code) => refusals.inc({ role, endpoint, code }),
    scoreAccepted: (service, result) => scores.inc({ service, result }),
    delivery: (platform, outcome) => deliveries.inc({ platform, outcome }),
    request: (method, route, status, seconds) =>
      requests.observe({ method, route, status_code: String(status) }, seconds),
  }
  return {
    metrics,
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  }
}
