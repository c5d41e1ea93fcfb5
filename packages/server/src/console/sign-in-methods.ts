import type { VNode } from 'preact'
import type { AppContext } from '../context.js'

/**
 * A way to sign in to the console, shown as one panel of the sign-in page. The panel's form posts
 * to a route of the contributing feature, which checks the credentials and calls
 * `ctx.sessions.signIn(request, reply, principal, { method })`, then redirects to `next` (see `safeNext`).
 */
export interface SignInMethod {
  readonly id: string
  /** The panel, or `null` when the method has nothing to offer now (no provider enabled). */
  render(props: SignInMethodProps): VNode | null | Promise<VNode | null>
}

/** What a panel shows: where to go after, and its own refused attempt (typed values, errors). */
export interface SignInMethodProps {
  readonly next: string
  readonly ctx: AppContext
  /** Only for the panel whose form was just refused; never holds a password. */
  readonly state?: SignInFormState
}

export interface SignInFormState {
  readonly values: Readonly<Record<string, string>>
  /** Refusals by field name, in words. */
  readonly errors: Readonly<Record<string, string>>
}

/**
 * Where a person may be sent after signing in: console pages, and the platform's launch pages
 * (a launch link opened without a session comes back to the launch).
 */
const NEXT_PATHS = [
  /^\/console(?:[/?#]|$)/,
  /^\/platform\/launch\/[^/?#]+(?:[?#]|$)/,
  /^\/platform\/learning-tools\/[^/?#]+\/launch(?:[?#]|$)/,
]

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

/** A post-sign-in target: one of those paths of this site, else the home (no open redirect). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/console'
  const ok =
    NEXT_PATHS.some((pattern) => pattern.test(value)) &&
    !value.includes('\\') &&
    !value.includes('//') &&
    !hasControlCharacter(value)
  return ok ? value : '/console'
}
