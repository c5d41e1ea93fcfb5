import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { createAssignment, listAssignments, scoringOf } from './assignments-repository.js'
import type { Section } from './model.js'
import { createSection, findSection } from './sections-repository.js'

/** What a section copy created: the new section and each copied assignment's new id. */
export interface SectionCopy {
  readonly from: Section
  readonly section: Section
  /** Old assignment id → new assignment id. */
  readonly assignmentIds: ReadonlyMap<string, string>
}

/**
 * Work other features add to a copy, run in the same transaction (e.g. the LTI feature copying
 * the section's resource links with their history). Throwing undoes the whole copy.
 */
export type CopyExtension = (trx: Kysely<Database>, copy: SectionCopy, now: number) => Promise<void>

export interface CopyTarget {
  readonly label: string
  readonly term: string
  readonly startsAt?: number | null | undefined
  readonly endsAt?: number | null | undefined
}

export type CopyOutcome =
  | { readonly kind: 'copied'; readonly copy: SectionCopy }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'duplicate' }

/**
 * Copies a section into a new term or label, with its assignments (not its enrolments or grades),
 * in one transaction. The copy records `copied_from`, so `$Context.id.history` lists the original,
 * and each assignment records its own origin. Extensions run last, inside the transaction.
 *
 * @example
 * const outcome = await copySection(ctx.db, sectionId, { label: 'Period 2', term: '2027-28' }, now)
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-id-history
 */
export async function copySection(
  db: Kysely<Database>,
  sectionId: string,
  target: CopyTarget,
  now: number,
  extensions: readonly CopyExtension[] = [],
): Promise<CopyOutcome> {
  return db.transaction().execute(async (trx) => {
    const from = await findSection(trx, sectionId)
    if (from === undefined) return { kind: 'not-found' }
    const section = await createSection(
      trx,
      {
        courseId: from.courseId,
        label: target.label,
        term: target.term,
        startsAt: target.startsAt ?? null,
        endsAt: target.endsAt ?? null,
        copiedFrom: from.id,
      },
      now,
    )
    if (section === undefined) return { kind: 'duplicate' }
    const assignmentIds = new Map<string, string>()
    for (const assignment of await listAssignments(trx, from.id)) {
      const copied = await createAssignment(
        trx,
        {
          sectionId: section.id,
          title: assignment.title,
          summary: assignment.summary,
          dueAt: null,
          copiedFrom: assignment.id,
          ...scoringOf(assignment),
        },
        now,
      )
      assignmentIds.set(assignment.id, copied.id)
    }
    const copy: SectionCopy = { from, section, assignmentIds }
    for (const extend of extensions) await extend(trx, copy, now)
    return { kind: 'copied', copy }
  })
}
