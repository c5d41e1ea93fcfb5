import type { ComponentChildren } from 'preact'
import type { AppContext } from '../context.js'
import type { Principal } from './session.js'

/** One card of a person's home page, contributed by a feature (`Feature.home`). */
export interface HomePanel {
  /** Unique on the page, for tests: `data-testid="home-<id>"`. */
  readonly id: string
  readonly title: string
  readonly body: ComponentChildren
  /** Lower first. Default 100. */
  readonly order?: number
  /** Spans the whole row. */
  readonly wide?: boolean
}

/** Every mounted feature's panels for this person, in order. */
export async function homePanels(ctx: AppContext, principal: Principal): Promise<HomePanel[]> {
  const lists = await Promise.all(ctx.features.map((feature) => feature.home?.(ctx, principal)))
  return lists
    .flatMap((list) => list ?? [])
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.title.localeCompare(b.title))
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  administrator: 'administrator',
  'tool-administrator': 'tool administrator',
  author: 'author',
  teacher: 'teacher',
  student: 'student',
  parent: 'parent',
}

/** The roles in words, e.g. "teacher" or "administrator, author". */
export function rolesInWords(roles: readonly string[]): string {
  return roles.map((role) => ROLE_NAMES[role] ?? role).join(', ')
}

/** The home page: the person's panels (their navigation holds every page they may open). */
export function HomePage(props: {
  readonly principal: Principal
  readonly panels: readonly HomePanel[]
}) {
  return (
    <>
      <h1>{`Welcome, ${props.principal.name}`}</h1>
      <p class="muted" data-testid="home-roles">
        {props.principal.roles.length === 0
          ? 'You have no role on this instance yet; an administrator can give you one.'
          : `Signed in as ${rolesInWords(props.principal.roles)}.`}
      </p>
      {props.panels.length === 0 ? (
        <p>Nothing waits for you here. The menu lists the pages you may open.</p>
      ) : (
        <div class="cards">
          {props.panels.map((panel) => (
            <section
              key={panel.id}
              class={panel.wide === true ? 'card wide' : 'card'}
              data-testid={`home-${panel.id}`}
              aria-labelledby={`home-${panel.id}-title`}
            >
              <h2 id={`home-${panel.id}-title`}>{panel.title}</h2>
              {panel.body}
            </section>
          ))}
        </div>
      )}
    </>
  )
}

/** "1 school", "3 schools": a count with its noun (plural given when not noun + s). */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`
}
