/**
 * Course copy of the LTI placements of a section: for every copied assignment, its resource
 * links (new ids, history starting with the original's, for `$ResourceLink.id.history`), the
 * line items of those links (AGS: "copy items with all attributes except resourceLinkId", which
 * becomes the new link's; items of links not copied are not copied), and its embedded content.
 * Results and grades are never copied. Runs in the caller's transaction.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
import { type Db, newId } from './db.js'
import { sqlLineItemStore } from './grades.js'
import { sqlResourceLinkStore } from './resource-links.js'

/** What a section copy made: the new section and old → new assignment ids. */
export interface PlacementCopy {
  readonly section: { readonly id: string }
  readonly assignmentIds: ReadonlyMap<string, string>
}

/** Copies links, their line items and embedded content; returns how many links were copied. */
export async function copyLtiPlacements(db: Db, copy: PlacementCopy, now: number): Promise<number> {
  const links = sqlResourceLinkStore(db, () => now)
  const lineItems = sqlLineItemStore(db, () => now)
  let copied = 0
  for (const [from, to] of copy.assignmentIds) {
    const target = { contextId: copy.section.id, assignmentId: to }
    const items = await lineItems.listByAssignment(from)
    for (const link of await links.listByAssignment(from)) {
      const clone = await links.copy(link.id, target)
      if (clone === undefined) continue
      copied += 1
      for (const item of items.filter((i) => i.resourceLinkId === link.id)) {
        const { id: _id, ...rest } = item
        await lineItems.create({ ...rest, ...target, resourceLinkId: clone.id })
      }
    }
    const content = await db
      .selectFrom('lti_embedded_content')
      .selectAll()
      .where('assignment_id', '=', from)
      .execute()
    for (const row of content) {
      await db
        .insertInto('lti_embedded_content')
        .values({
          ...row,
          id: newId(),
          context_id: copy.section.id,
          assignment_id: to,
          created_at: now,
        })
        .execute()
    }
  }
  return copied
}
