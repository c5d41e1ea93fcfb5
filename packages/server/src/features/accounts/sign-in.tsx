import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { renderSignInPage } from '../../console/feature.js'
import {
  safeNext,
  type SignInMethod,
  type SignInMethodProps,
} from '../../console/sign-in-methods.js'
import { parseRequest } from '../../http/validate.js'
import { ErrorSummary, TextField } from '../../console/form.js'
import { MAX_PASSWORD_LENGTH } from './passwords.js'
import { authenticatePassword } from './service.js'

export const PASSWORD_SIGN_IN_PATH = '/console/sign-in/password'

/** One message for every refused password sign-in: it does not tell whether the email exists. */
export const SIGN_IN_REFUSED =
  'That email address and password do not match an account that signs in with a password.'

function PasswordPanel(props: SignInMethodProps) {
  const values = props.state?.values ?? {}
  const errors = props.state?.errors ?? {}
  return (
    <section class="card" data-testid="password-sign-in">
      <h2>Email and password</h2>
      <ErrorSummary form="password-sign-in" errors={errors} testId="password-sign-in-errors" />
      <form method="post" action={PASSWORD_SIGN_IN_PATH} class="stack">
        <input type="hidden" name="next" value={props.next} />
        <TextField
          form="password-sign-in"
          label="Email address"
          name="email"
          type="email"
          autoComplete="username"
          value={values['email'] ?? ''}
          errors={errors}
          maxLength={254}
          required
        />
        <TextField
          form="password-sign-in"
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value=""
          errors={errors}
          maxLength={MAX_PASSWORD_LENGTH}
          required
        />
        <button type="submit">Sign in</button>
      </form>
    </section>
  )
}

export const passwordSignInMethod: SignInMethod = {
  id: 'password',
  render: (props) => <PasswordPanel {...props} />,
}

const body = z.object({
  email: z.string().max(1000).default(''),
  password: z
    .string()
    .max(MAX_PASSWORD_LENGTH * 4)
    .default(''),
  next: z.string().max(2000).optional(),
})

/** `POST /console/sign-in/password`: checks the password, starts a new session, goes to `next`. */
export async function passwordSignInRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(PASSWORD_SIGN_IN_PATH, async (request, reply) => {
    const input = parseRequest(body, request.body, 'body')
    const next = safeNext(input.next)
    const email = input.email.trim()
    const errors: Record<string, string> = {}
    if (email === '') errors['email'] = 'Enter your email address.'
    if (input.password === '') errors['password'] = 'Enter your password.'
    const principal =
      Object.keys(errors).length > 0
        ? undefined
        : await authenticatePassword(ctx, email, input.password)
    if (principal === undefined) {
      if (Object.keys(errors).length === 0) errors['password'] = SIGN_IN_REFUSED
      request.log.info('password sign-in refused')
      return renderSignInPage(ctx, request, reply, {
        next,
        refused: { method: 'password', state: { values: { email }, errors } },
      })
    }
    await ctx.sessions.signIn(request, reply, principal, { method: 'password' })
    request.log.info({ principal: principal.id }, 'password sign-in')
    return reply.redirect(next, 303)
  })
}
