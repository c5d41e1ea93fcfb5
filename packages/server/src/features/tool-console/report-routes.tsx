import type { GradeOutboxItem, LicenceReportRow } from '@ltihub/tool'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../console/guard.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { LocalTime } from '../../console/local-time.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { listOutbox } from '@ltihub/kysely/tool'
import { ltiToolOf } from '../tool-lti/tool.js'

export const REPORT_PATHS = {
  licences: '/console/tool/licences',
  grades: '/console/tool/grades',
} as const

const time = (ms: number | undefined) => (ms === undefined ? '—' : <LocalTime epochMs={ms} />)

function LicencesPage({ rows }: { rows: readonly LicenceReportRow[] }) {
  if (rows.length === 0) return <p data-testid="licences-empty">No LTI subscriptions yet.</p>
  return (
    <table data-testid="licences">
      <thead>
        <tr>
          <th>Publication</th>
          <th>Consumer</th>
          <th>Subscriptions (licences)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.publicationId}:${row.consumer}`}>
            <td>{row.publicationName}</td>
            <td>{row.consumerName}</td>
            <td>{row.subscriptions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function score(item: GradeOutboxItem): string {
  return item.score.scoreGiven === undefined
    ? item.score.activityProgress
    : `${item.score.scoreGiven} (${item.score.activityProgress})`
}

function OutboxTable(props: {
  items: readonly GradeOutboxItem[]
  resend: boolean
  testId: string
}) {
  return (
    <table data-testid={props.testId}>
      <thead>
        <tr>
          <th>Created</th>
          <th>Target</th>
          <th>Score</th>
          <th>State</th>
          <th>Attempts</th>
          <th>Next attempt</th>
          <th>Last error</th>
          {props.resend ? <th>Action</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr key={item.id}>
            <td>{time(item.createdAt)}</td>
            <td>
              {item.target.kind === 'ags'
                ? `AGS ${item.target.userId}`
                : `LTI 1.1 ${item.target.sourcedId}`}
            </td>
            <td>{score(item)}</td>
            <td>{item.state}</td>
            <td>{item.attempts}</td>
            <td>{item.state === 'pending' ? time(item.nextAttemptAt) : '—'}</td>
            <td>{item.lastError ?? ''}</td>
            {props.resend ? (
              <td>
                <form
                  method="post"
                  action={`${REPORT_PATHS.grades}/${encodeURIComponent(item.id)}/resend`}
                >
                  <button type="submit">Resend</button>
                </form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The licence report and the grade deliveries (outbox and dead letters with Resend). */
export async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const tool = ltiToolOf(ctx)

  app.get(REPORT_PATHS.licences, admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Licence report',
      body: <LicencesPage rows={await tool.publishing.licenceReport()} />,
    }),
  )

  app.get(REPORT_PATHS.grades, admin, async (request, reply) => {
    const recent = await listOutbox(ctx.db, {
      states: ['pending', 'delivering', 'delivered'],
      limit: 100,
    })
    const dead = await tool.grades.deadLetters(100)
    return renderConsolePage(ctx, request, reply, {
      title: 'Grade deliveries',
      body: (
        <>
          <h2>Queue</h2>
          {recent.length === 0 ? (
            <p>Nothing queued or delivered yet.</p>
          ) : (
            <OutboxTable items={recent} resend={false} testId="outbox" />
          )}
          <h2>Dead letters</h2>
          {dead.length === 0 ? (
            <p data-testid="dead-empty">No dead letters.</p>
          ) : (
            <OutboxTable items={dead} resend testId="dead-letters" />
          )}
        </>
      ),
    })
  })

  app.post(`${REPORT_PATHS.grades}/:id/resend`, admin, async (request, reply) => {
    const { id } = parseRequest(
      z.object({ id: z.string().min(1).max(100) }),
      request.params,
      'params',
    )
    if (!(await tool.grades.resend(id)))
      throw new HttpProblem(409, 'only a dead letter can be resent')
    return reply.redirect(REPORT_PATHS.grades, 303)
  })
}
