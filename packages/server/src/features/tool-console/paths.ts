/** The console addresses of the tool's access records: consumer keys, platforms, publications. */
const at = (base: string) => (id: string) => `${base}/${encodeURIComponent(id)}`
const KEYS = '/console/tool/consumer-keys'
const PLATFORMS = '/console/tool/platforms'
const PUBLICATIONS = '/console/tool/publications'

export const ACCESS_PATHS = {
  keys: KEYS,
  key: at(KEYS),
  platforms: PLATFORMS,
  platform: at(PLATFORMS),
  deployments: `${PLATFORMS}/deployments`,
  publication: at(PUBLICATIONS),
} as const

/** The record's address with a suffix (`/delete`, `/enabled`, `/rotate`). */
export const sub = (path: string, suffix: string): string => `${path}/${suffix}`
