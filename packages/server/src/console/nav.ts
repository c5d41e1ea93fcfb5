import type { Feature } from '../features/feature.js'
import { mayUse } from './access.js'
import type { Principal } from './session.js'

/** The console's navigation sections, in display order. */
export const NAV_SECTIONS = ['personal', 'platform', 'tool', 'instance'] as const
export type NavSection = (typeof NAV_SECTIONS)[number]

const SECTION_TITLES: Record<NavSection, string> = {
  personal: 'You',
  instance: 'Instance',
  platform: 'Platform',
  tool: 'Tool',
}

/** One link of the console navigation, contributed by the feature that serves `href`. */
export interface NavEntry {
  readonly section: NavSection
  readonly label: string
  /** A console path this feature serves, e.g. `/console/platform/schools`. */
  readonly href: string
  /** Position inside the section; lower first, then by label. Default 100. */
  readonly order?: number
  /**
   * Who sees the entry: the same role list the route's `requireRole` lets through (see
   * console/access.ts). Omitted: everyone signed in, for pages without a role guard.
   */
  readonly roles?: readonly string[]
}

export interface NavGroup {
  readonly section: NavSection
  readonly title: string
  readonly entries: readonly NavEntry[]
}

/**
 * The navigation of the mounted features for one person, grouped by section: only the entries
 * whose roles the person holds. A section without entries is left out, and a disabled role's
 * features are not mounted, so the console never shows a dead or refused link. Without a
 * principal every entry is listed (for checks over the whole console).
 */
export function navigationOf(
  features: readonly Feature[],
  principal?: Principal | undefined,
): NavGroup[] {
  const all = features.flatMap((feature) => feature.nav ?? [])
  const entries =
    principal === undefined ? all : all.filter((entry) => mayUse(principal, entry.roles))
  for (const entry of all) {
    if (!entry.href.startsWith('/console'))
      throw new TypeError(`nav entry ${entry.href} is not a console path`)
  }
  return NAV_SECTIONS.map((section) => ({
    section,
    title: SECTION_TITLES[section],
    entries: entries
      .filter((entry) => entry.section === section)
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.label.localeCompare(b.label)),
  })).filter((group) => group.entries.length > 0)
}
