import type { AppContext } from '../context.js'
import type { HomePanel } from './home.js'
import { type CheckState, checkHealth } from '../features/health/service.js'
import { type PublishedKey, publishedKeys } from '../features/keys/repository.js'
import { ensureInstanceIdentity } from '../features/settings/instance.js'
import { type DemoState, demoState } from '../demo/seed.js'
import type { JobStatus } from '../jobs/runner.js'

/** The operators' page: signing keys, background jobs, health. */
export const INSTANCE_PATH = '/console/instance'

export interface DashboardData {
  readonly publicUrl: string
  readonly instanceId: string
  readonly roles: readonly string[]
  readonly dialect: string
  readonly health: CheckState
  readonly keys: readonly PublishedKey[]
  readonly jobs: readonly JobStatus[]
  readonly demo: DemoState | undefined
}

/** Gathers what the dashboard shows; every figure comes from the running instance. */
export async function loadDashboard(ctx: AppContext): Promise<DashboardData> {
  const health = await checkHealth(ctx.db, (error) => {
    ctx.logger.error({ err: error }, 'dashboard: database unavailable')
  })
  const ok = health.status === 'ok'
  return {
    publicUrl: ctx.config.publicUrl,
    instanceId: ok ? (await ensureInstanceIdentity(ctx.db, ctx.clock())).id : 'unknown',
    roles: ctx.config.roles,
    dialect: ctx.config.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    health: health.status,
    keys: ok ? await publishedKeys(ctx.db) : [],
    jobs: ctx.jobs.status(),
    demo: ctx.config.demo && ok ? await demoState(ctx) : undefined,
  }
}

function KeyTable({ role, keys }: { role: string; keys: readonly PublishedKey[] }) {
  const own = keys.filter((key) => key.purpose === role)
  return (
    <section class="card wide" data-testid={`keys-${role}`}>
      <h2>
        {role === 'platform' ? 'Platform' : 'Tool'} signing keys{' '}
        <a href={`/${role}/jwks.json`} class="muted">
          JWKS
        </a>
      </h2>
      {own.length === 0 ? (
        <p class="muted">No key yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Key id</th>
              <th>State</th>
              <th>Alg</th>
            </tr>
          </thead>
          <tbody>
            {own.map((key) => (
              <tr key={key.kid}>
                <td>
                  <code>{key.kid}</code>
                </td>
                <td>{key.state}</td>
                <td>{key.alg}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function JobsCard({ jobs }: { jobs: readonly JobStatus[] }) {
  return (
    <section class="card">
      <h2>Background jobs</h2>
      <table>
        <thead>
          <tr>
            <th>Job</th>
            <th>Every</th>
            <th>Runs</th>
            <th>Last</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.name}>
              <td>
                <code>{job.name}</code>
              </td>
              <td>{`${Math.round(job.intervalMs / 1000)} s`}</td>
              <td>{job.runs}</td>
              <td class={job.lastOutcome === 'failed' ? 'bad' : ''}>
                {job.lastOutcome ?? 'not yet'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** The dashboard: what this instance is and whether it is well. */
export function Dashboard({ data }: { data: DashboardData }) {
  return (
    <>
      <h1>Instance dashboard</h1>
      <div class="cards">
        <section class="card" data-testid="instance">
          <h2>Instance</h2>
          <dl class="facts">
            <dt>Public URL</dt>
            <dd>
              <code>{data.publicUrl}</code>
            </dd>
            <dt>Roles</dt>
            <dd>{data.roles.join(', ')}</dd>
            <dt>Database</dt>
            <dd>{data.dialect}</dd>
            <dt>Health</dt>
            <dd>
              <span class={`badge ${data.health === 'ok' ? 'ok' : 'bad'}`}>{data.health}</span>
            </dd>
            <dt>Instance id</dt>
            <dd>
              <code>{data.instanceId}</code>
            </dd>
            {data.demo && (
              <>
                <dt>Demo data</dt>
                <dd>
                  <span class="badge warn">on</span>{' '}
                  {data.demo.seeders.length === 0 ? '' : data.demo.seeders.join(', ')}
                </dd>
              </>
            )}
          </dl>
        </section>
        <JobsCard jobs={data.jobs} />
        {data.roles.map((role) => (
          <KeyTable key={role} role={role} keys={data.keys} />
        ))}
      </div>
    </>
  )
}

/** The operator's card on their home: is the instance well, with the way to its dashboard. */
export async function operatorPanel(ctx: AppContext): Promise<HomePanel> {
  const health = await checkHealth(ctx.db, (error) => {
    ctx.logger.error({ err: error }, 'home: database unavailable')
  })
  const failing = ctx.jobs.status().filter((job) => job.lastOutcome === 'failed')
  return {
    id: 'instance',
    title: 'This instance',
    order: 90,
    body: (
      <>
        <dl class="facts">
          <dt>Health</dt>
          <dd>
            <span class={`badge ${health.status === 'ok' ? 'ok' : 'bad'}`}>{health.status}</span>
          </dd>
          <dt>Roles</dt>
          <dd>{ctx.config.roles.join(', ')}</dd>
          <dt>Background jobs</dt>
          <dd class={failing.length > 0 ? 'bad' : ''}>
            {failing.length === 0
              ? 'none failing'
              : `failing: ${failing.map((job) => job.name).join(', ')}`}
          </dd>
        </dl>
        <p>
          <a href={INSTANCE_PATH}>Instance dashboard</a> (signing keys, jobs)
        </p>
      </>
    ),
  }
}
