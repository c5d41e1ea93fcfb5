import type { VNode } from 'preact'
import type { Principal } from './session.js'

export interface SignInPageProps {
  readonly next: string
  readonly methods: readonly VNode[]
  readonly demoIdentities: readonly Principal[] | undefined
  readonly failed: boolean
  /** No administrator exists yet: say how to create the first one. */
  readonly setupOpen: boolean
}

function DemoPanel({ next, identities }: { next: string; identities: readonly Principal[] }) {
  return (
    <section class="card" data-testid="demo-sign-in">
      <h2>Demo: sign in as</h2>
      <p class="notice">Demo data is on. Anyone reaching this page can sign in as these people.</p>
      {identities.map((identity) => (
        <form key={identity.id} class="stack" method="post" action="/console/sign-in/demo">
          <input type="hidden" name="identity" value={identity.id} />
          <input type="hidden" name="next" value={next} />
          <button type="submit">{`Sign in as ${identity.name}`}</button>
        </form>
      ))}
    </section>
  )
}

/** The sign-in page: one panel per sign-in method, plus "sign in as" when demo data is on. */
export function SignInPage(props: SignInPageProps) {
  const nothing = props.methods.length === 0 && props.demoIdentities === undefined
  return (
    <>
      <h1>Sign in</h1>
      {props.failed && <p class="bad">That sign-in did not work.</p>}
      {props.methods}
      {props.setupOpen && (
        <p class="notice" data-testid="setup-hint">
          No administrator exists yet. Create the first one with{' '}
          <code>ltihub admin create --email … --name …</code>, or on the{' '}
          <a href="/console/setup">setup page</a> (from the server itself, or with the setup link
          printed in the server log).
        </p>
      )}
      {props.demoIdentities && <DemoPanel next={props.next} identities={props.demoIdentities} />}
      {nothing && (
        <p class="muted">
          No sign-in method is configured on this instance yet. Start it with demo data (
          <code>ltihub serve --demo</code>) to explore the console.
        </p>
      )}
    </>
  )
}
