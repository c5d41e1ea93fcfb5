import type { Feature } from './feature.js'

/**
 * The platform role (an LMS launching tools): its features and tables. Owned by the platform
 * features; mounted only when LTIHUB_ROLES includes `platform`.
 */
export const platformFeatures: readonly Feature[] = []

/** The platform's table interfaces, e.g. `interface PlatformTables extends SchoolTables {}`. */
export type PlatformTables = Record<never, never>
