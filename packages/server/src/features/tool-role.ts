import type { Feature } from './feature.js'
import { toolConsoleFeature } from './tool-console/index.js'
import { toolContentFeature } from './tool-content/index.js'
import { toolLtiFeature } from './tool-lti/index.js'
import type { ToolContentTables, ToolLtiTables } from '@ltihub/kysely/tool'

/**
 * The tool role (content launched from an LMS): its features and tables. Owned by the tool
 * features; mounted only when LTIHUB_ROLES includes `tool`.
 */
export const toolFeatures: readonly Feature[] = [
  toolContentFeature,
  toolLtiFeature,
  toolConsoleFeature,
]

/** The tool's table interfaces. */
export interface ToolTables extends ToolContentTables, ToolLtiTables {}
