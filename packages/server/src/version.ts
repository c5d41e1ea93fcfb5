/** The version of ltihub (kept equal to packages/server/package.json by a test). */
export const LTIHUB_VERSION = '0.1.0'
