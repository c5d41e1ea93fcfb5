import { sqlResourceLinkStore } from '../platform-lti/index.js'
import type { CopyExtension } from './copy.js'

/**
 * The course-copy extension for LTI resource links: every link aligned with a copied assignment
 * is copied to the new section and the new assignment, its history starting with the original
 * link's id (`$ResourceLink.id.history`), in the copy's transaction. Wired in `platform-role.ts`
 * (importing it from the school feature's index would make an import cycle).
 *
 * @example
 * createSchoolFeature({ copyExtensions: [copyResourceLinks] })
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resourcelink-id-history
 */
export const copyResourceLinks: CopyExtension = async (trx, copy, now) => {
  const links = sqlResourceLinkStore(trx, () => now)
  for (const [from, to] of copy.assignmentIds) {
    for (const link of await links.listByAssignment(from)) {
      await links.copy(link.id, { contextId: copy.section.id, assignmentId: to })
    }
  }
}
