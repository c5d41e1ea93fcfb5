import type { Feature } from './feature.js'

/**
 * The tool role (content launched from an LMS): its features and tables. Owned by the tool
 * features; mounted only when LTIHUB_ROLES includes `tool`.
 */
export const toolFeatures: readonly Feature[] = []

/** The tool's table interfaces, e.g. `interface ToolTables extends ContentTables {}`. */
export type ToolTables = Record<never, never>
