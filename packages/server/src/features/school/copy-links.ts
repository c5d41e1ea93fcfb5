import { copyLtiPlacements } from '../platform-lti/index.js'
import type { CopyExtension } from './copy.js'

/**
 * The course-copy extension for LTI placements: every resource link aligned with a copied
 * assignment is copied to the new section and assignment, its history starting with the original
 * link's id (`$ResourceLink.id.history`), together with its line items and the assignment's
 * embedded content, in the copy's transaction. Wired in `platform-role.ts` (importing it from the
 * school feature's index would make an import cycle).
 *
 * @example
 * createSchoolFeature({ copyExtensions: [copyResourceLinks] })
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resourcelink-id-history
 */
export const copyResourceLinks: CopyExtension = async (trx, copy, now) => {
  await copyLtiPlacements(trx, copy, now)
}
