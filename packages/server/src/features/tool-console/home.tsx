/** The tool administrator's home panel: how many LMSs are let in, what is published, what failed. */
import { mayUse, TOOL_ADMINISTRATORS } from '../../console/access.js'
import { counted, type HomePanel } from '../../console/home.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import { ACCESS_PATHS } from './paths.js'
import { PATHS } from './publish-pages.js'
import { REPORT_PATHS } from './report-routes.js'

async function countOf(
  ctx: AppContext,
  table: 'tool_consumer_keys' | 'tool_registrations' | 'tool_publications' | 'tool_learners',
): Promise<number> {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function toolConsoleHome(ctx: AppContext, principal: Principal): Promise<HomePanel[]> {
  if (!mayUse(principal, TOOL_ADMINISTRATORS)) return []
  const [keys, platforms, publications, learners] = await Promise.all([
    countOf(ctx, 'tool_consumer_keys'),
    countOf(ctx, 'tool_registrations'),
    countOf(ctx, 'tool_publications'),
    countOf(ctx, 'tool_learners'),
  ])
  const pending = await ctx.db
    .selectFrom('tool_deployments')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  const dead = await ctx.db
    .selectFrom('tool_grade_outbox')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('state', '=', 'dead')
    .executeTakeFirstOrThrow()
  const waiting = Number(pending.n)
  const failed = Number(dead.n)
  return [
    {
      id: 'tool',
      title: 'The tool',
      order: 20,
      body: (
        <ul class="links" data-testid="home-tool-list">
          <li>
            <a href={ACCESS_PATHS.keys}>{counted(keys, 'LTI 1.1 consumer key')}</a>
          </li>
          <li>
            <a href={ACCESS_PATHS.platforms}>{counted(platforms, 'LTI 1.3 platform')}</a>
            {waiting > 0 && (
              <strong class="warn">{` · ${counted(waiting, 'deployment')} awaiting approval`}</strong>
            )}
          </li>
          <li>
            <a href={PATHS.courses}>{counted(publications, 'publication')}</a>
          </li>
          <li>
            <a href={REPORT_PATHS.licences}>{`${counted(learners, 'learner')} (licence report)`}</a>
          </li>
          <li>
            <a href={REPORT_PATHS.grades}>Grade deliveries</a>
            {failed > 0 ? (
              <strong class="bad">{` · ${counted(failed, 'dead letter')}`}</strong>
            ) : (
              <span class="muted"> · none failed</span>
            )}
          </li>
        </ul>
      ),
    },
  ]
}
