/** What people see of single sign-on: the buttons on the sign-in page and the failure page. */
import type { SsoFailureReason } from './failure.js'
import type { IdentityProvider } from './model.js'
import { SSO_PATHS } from './paths.js'

export function ProviderButtons(props: { providers: readonly IdentityProvider[]; next: string }) {
  if (props.providers.length === 0) return null
  return (
    <section class="card" data-testid="sso-sign-in">
      <h2>Single sign-on</h2>
      {props.providers.map((provider) => (
        <p key={provider.id}>
          <a
            class="button"
            href={`${SSO_PATHS.start(provider.id)}?next=${encodeURIComponent(props.next)}`}
          >
            {`Sign in with ${provider.displayName}`}
          </a>
        </p>
      ))}
    </section>
  )
}

const AGAIN = 'Start again from the sign-in page.'

/** One sentence per reason, naming the provider; `shown` is the email or the provider's code. */
function explain(reason: SsoFailureReason, name: string, shown: string | undefined): string {
  switch (reason) {
    case 'provider-unknown':
      return 'There is no such sign-in provider on this instance.'
    case 'provider-disabled':
      return `Sign-in with ${name} is turned off on this instance. Use another way to sign in, or ask an administrator.`
    case 'flow-missing':
      return `This sign-in was not started in this browser, has expired or was already used. ${AGAIN}`
    case 'state-mismatch':
      return `The answer from ${name} does not belong to the sign-in this browser started, so it was refused. ${AGAIN}`
    case 'provider-error':
      return `${name} did not sign you in (it answered “${shown ?? 'error'}”). ${AGAIN}`
    case 'provider-unreachable':
      return `ltihub could not reach ${name}. Try again later; if it keeps happening, an administrator should check the provider’s settings.`
    case 'token-invalid':
      return `The answer from ${name} did not pass ltihub’s checks, so it was refused. ${AGAIN}`
    case 'email-missing':
      return `${name} did not tell ltihub your email address, so ltihub cannot tell who you are. Ask an administrator to check the provider’s email claim and scopes.`
    case 'email-unverified':
      return `${name} says your email address ${shown ?? ''} is not verified, and this instance only accepts verified addresses. Verify it with ${name}, then try again.`
    case 'unknown-person':
      return `No one with the email address ${shown ?? ''} can sign in to this instance. Ask an administrator to add you with this address.`
  }
}

export function SignInFailedPage(props: {
  reason: SsoFailureReason
  providerName: string
  shown: string | undefined
}) {
  return (
    <>
      <h1>Sign-in did not work</h1>
      <section class="card" data-testid="sso-failure" data-reason={props.reason}>
        <p class="bad">{explain(props.reason, props.providerName, props.shown)}</p>
        <p>
          <a class="button" href="/console/sign-in">
            Back to sign-in
          </a>
        </p>
      </section>
    </>
  )
}
