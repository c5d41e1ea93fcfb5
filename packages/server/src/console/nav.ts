import type { Feature } from '../features/feature.js'

/** The console's navigation sections, in display order. */
export const NAV_SECTIONS = ['instance', 'platform', 'tool'] as const
export type NavSection = (typeof NAV_SECTIONS)[number]

const SECTION_TITLES: Record<NavSection, string> = {
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
}

export interface NavGroup {
  readonly section: NavSection
  readonly title: string
  readonly entries: readonly NavEntry[]
}

/**
 * The navigation of the mounted features, grouped by section. A section without entries is left
 * out, and a disabled role's features are not mounted, so the console never shows a dead link.
 */
export function navigationOf(features: readonly Feature[]): NavGroup[] {
  const entries = features.flatMap((feature) => feature.nav ?? [])
  for (const entry of entries) {
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
