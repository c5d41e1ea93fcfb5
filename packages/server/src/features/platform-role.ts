import { connectionsFeature } from './connections/index.js'
import type { ConnectionTables } from './connections/table.js'
import type { Feature } from './feature.js'
import { platformLtiFeature } from './platform-lti/index.js'
import type { PlatformLtiTables } from './platform-lti/table.js'
import { copyResourceLinks } from './school/copy-links.js'
import { createSchoolFeature } from './school/index.js'
import type { SchoolTables } from './school/table.js'

/**
 * The platform role (an LMS launching tools): its features and tables. Owned by the platform
 * features; mounted only when LTIHUB_ROLES includes `platform`.
 */
export const platformFeatures: readonly Feature[] = [
  createSchoolFeature({ copyExtensions: [copyResourceLinks] }),
  connectionsFeature,
  platformLtiFeature,
]

/** The platform's table interfaces, e.g. `interface PlatformTables extends SchoolTables {}`. */
export interface PlatformTables extends SchoolTables, ConnectionTables, PlatformLtiTables {}
