/** The district administrator's panel for tools: applications, connections, registrations waiting. */
import { DISTRICT_ADMINISTRATORS, mayUse } from '../../console/access.js'
import { counted, type HomePanel } from '../../console/home.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'

export async function connectionsHome(ctx: AppContext, principal: Principal): Promise<HomePanel[]> {
  if (!mayUse(principal, DISTRICT_ADMINISTRATORS)) return []
  const applications = await ctx.db
    .selectFrom('platform_applications')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  const connections = await ctx.db
    .selectFrom('platform_connections')
    .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('status')
    .execute()
  const count = (status: string) => Number(connections.find((row) => row.status === status)?.n ?? 0)
  const pending = count('pending')
  return [
    {
      id: 'connections',
      title: 'Learning tools of the district',
      order: 15,
      body: (
        <ul class="links" data-testid="home-connections-list">
          <li>
            <a href="/console/platform/applications">
              {`${counted(Number(applications.n), 'application')}, ${counted(count('active'), 'active connection')}`}
            </a>
          </li>
          <li>
            <a href="/console/platform/registrations">Tool registrations</a>
            {pending > 0 ? (
              <strong class="warn">{` · ${pending} await approval`}</strong>
            ) : (
              <span class="muted"> · none waiting</span>
            )}
          </li>
        </ul>
      ),
    },
  ]
}
