import type { ComponentChildren } from 'preact'
import type { NavGroup } from './nav.js'
import type { Principal } from './session.js'
import { CONSOLE_JS_PATH, CONSOLE_JS_VERSION } from './script.js'
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

/**
 * The navigation. Group titles are not headings, so the page's h1 is the first heading a screen
 * reader meets; each list is named by its title instead.
 */
function Navigation({
  nav,
  currentPath,
  idPrefix,
  className,
}: Pick<LayoutProps, 'nav' | 'currentPath'> & { idPrefix: string; className: string }) {
  return (
    <nav class={className} aria-label="Console">
      {nav.map((group) => (
        <div key={group.section} class="nav-group" data-section={group.section}>
          <p class="nav-title" id={`${idPrefix}-${group.section}`}>
            {group.title}
          </p>
          <ul aria-labelledby={`${idPrefix}-${group.section}`}>
            {group.entries.map((entry) => (
              <li key={entry.href}>
                <a href={entry.href} aria-current={entry.href === currentPath ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  )
}

/**
 * The console page shell: a skip link, the header with the instance and the signed-in person,
 * the navigation (a sidebar; below 768 px a "Menu" that opens without JavaScript, as the
 * sidebar is hidden there) and the content.
 */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ltihub`}</title>
        <link rel="stylesheet" href={`${CONSOLE_CSS_PATH}?v=${CONSOLE_CSS_VERSION}`} />
        <link rel="icon" type="image/svg+xml" href={FAVICON_PATH} />
        <script src={`${CONSOLE_JS_PATH}?v=${CONSOLE_JS_VERSION}`} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href={props.principal ? '/console' : '/'}>
            ltihub
          </a>
          <span class="instance">{props.publicUrl}</span>
          {props.principal ? (
            <form class="who" method="post" action="/console/sign-out">
              <a href="/console/account" title="My account">
                {props.principal.name}
              </a>
              <button type="submit">Sign out</button>
            </form>
          ) : (
            <a class="who" href="/console/sign-in">
              Sign in
            </a>
          )}
        </header>
        {props.principal ? (
          <div class="shell">
            <details class="menu">
              <summary>Menu</summary>
              <Navigation
                nav={props.nav}
                currentPath={props.currentPath}
                idPrefix="menu"
                className="menu-nav"
              />
            </details>
            <Navigation
              nav={props.nav}
              currentPath={props.currentPath}
              idPrefix="side"
              className="side"
            />
            <main id="main" tabindex={-1}>
              {props.children}
            </main>
          </div>
        ) : (
          <main id="main" tabindex={-1} class="narrow">
            {props.children}
          </main>
        )}
      </body>
    </html>
  )
}
