import type { ToolPorts } from '../ports.js'

/** One row of the licence report. */
export interface LicenceReportRow {
  readonly publicationId: string
  readonly publicationName: string
  /** `lti11:<key>` or `lti13:<registration id>`. */
  readonly consumer: string
  readonly consumerName: string
  readonly subscriptions: number
}

async function consumerName(
  ports: Pick<ToolPorts, 'consumerKeys' | 'registrations'>,
  consumer: string,
): Promise<string> {
  const [kind, ...rest] = consumer.split(':')
  const id = rest.join(':')
  if (kind === 'lti11') return (await ports.consumerKeys.find(id))?.name ?? id
  if (kind === 'lti13') return (await ports.registrations.get(id))?.name ?? id
  return consumer
}

/**
 * The licence report: subscriptions (licences, one per new learner subscription) per publication
 * and consumer, with names for display, sorted by publication then consumer.
 */
export async function licenceReport(
  ports: Pick<ToolPorts, 'enrolments' | 'publications' | 'consumerKeys' | 'registrations'>,
): Promise<readonly LicenceReportRow[]> {
  const rows: LicenceReportRow[] = []
  for (const count of await ports.enrolments.licenceCounts()) {
    const publication = await ports.publications.get(count.publicationId)
    rows.push({
      ...count,
      publicationName: publication?.name ?? count.publicationId,
      consumerName: await consumerName(ports, count.consumer),
    })
  }
  return rows.sort(
    (a, b) =>
      a.publicationName.localeCompare(b.publicationName) || a.consumer.localeCompare(b.consumer),
  )
}
