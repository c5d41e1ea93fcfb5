import type { ComponentChildren } from 'preact'
import type { NavGroup } from './nav.js'
import type { Principal } from './session.js'
import { CONSOLE_CSS_PATH, CONSOLE_CSS_VERSION, FAVICON_PATH } from './styles.js'

export interface LayoutProps {
  readonly title: string
  readonly publicUrl: string
  readonly nav: readonly NavGroup[]
  readonly principal: Principal | undefined
  /** Path of the page, to mark its nav entry. */
  readonly currentPath: string
  readonly children: ComponentChildren
}

function Navigation({ nav, currentPath }: Pick<LayoutProps, 'nav' | 'currentPath'>) {
  return (
    <nav class="side" aria-label="Console">
      {nav.map((group) => (
        <section key={group.section} data-section={group.section}>
          <h2>{group.title}</h2>
          <ul>
            {group.entries.map((entry) => (
              <li key={entry.href}>
                <a href={entry.href} aria-current={entry.href === currentPath ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  )
}

/** The console page shell: header with the instance and the signed-in user, navigation, content. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ltihub`}</title>
        <link rel="stylesheet" href={`${CONSOLE_CSS_PATH}?v=${CONSOLE_CSS_VERSION}`} />
        <link rel="icon" type="image/svg+xml" href={FAVICON_PATH} />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/console">
            ltihub
          </a>
          <span class="instance">{props.publicUrl}</span>
          {props.principal && (
            <form method="post" action="/console/sign-out">
              <a href="/console/account" title="My account">
                {props.principal.name}
              </a>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        {props.principal ? (
          <div class="shell">
            <Navigation nav={props.nav} currentPath={props.currentPath} />
            <main>{props.children}</main>
          </div>
        ) : (
          <main class="narrow">{props.children}</main>
        )}
      </body>
    </html>
  )
}
