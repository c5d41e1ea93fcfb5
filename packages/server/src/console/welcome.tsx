import type { Role } from '../config/index.js'

/** A public URL of the instance that people set up integrations with (a JWKS, a registration URL). */
export interface PublicLink {
  readonly role: Role
  readonly label: string
  /** A path of this instance, e.g. `/tool/jwks.json`. */
  readonly path: string
  readonly note?: string
  /** A document to open (a JWKS), linked; `false` for an endpoint only machines call. */
  readonly document?: boolean
}

const ROLE_TEXT: Record<Role, { title: string; about: string }> = {
  platform: {
    title: 'Platform',
    about:
      'As a platform (an LMS), this instance connects external learning tools, launches them for teachers, students and parents, and takes their scores into a grade book.',
  },
  tool: {
    title: 'Tool',
    about:
      'As a tool, this instance publishes courses to learning management systems, provisions the learners who arrive and sends their grades back.',
  },
}

/** The page at `/` for visitors: what this instance is, where to sign in, its public URLs. */
export function WelcomePage(props: {
  readonly publicUrl: string
  readonly roles: readonly Role[]
  readonly links: readonly PublicLink[]
}) {
  const root = props.publicUrl.replace(/\/+$/, '')
  return (
    <div class="welcome">
      <h1>ltihub</h1>
      <p>
        This is an ltihub instance: LTI (Learning Tools Interoperability) 1.1 and 1.3 with LTI
        Advantage, serving as {props.roles.map((role) => `a ${role}`).join(' and as ')}.
      </p>
      <p>
        <a class="button" href="/console/sign-in">
          Sign in to the console
        </a>
      </p>
      {props.roles.map((role) => {
        const links = props.links.filter((link) => link.role === role)
        return (
          <section key={role} class="card" aria-labelledby={`welcome-${role}`}>
            <h2 id={`welcome-${role}`}>{ROLE_TEXT[role].title}</h2>
            <p>{ROLE_TEXT[role].about}</p>
            {links.length > 0 && (
              <dl class="facts" data-testid={`welcome-links-${role}`}>
                {links.map((link) => (
                  <>
                    <dt key={`${link.path}-dt`}>{link.label}</dt>
                    <dd key={`${link.path}-dd`}>
                      {link.document === false ? (
                        <code>{`${root}${link.path}`}</code>
                      ) : (
                        <a href={link.path}>
                          <code>{`${root}${link.path}`}</code>
                        </a>
                      )}
                      {link.note !== undefined && <span class="muted block">{link.note}</span>}
                    </dd>
                  </>
                ))}
              </dl>
            )}
          </section>
        )
      })}
    </div>
  )
}
