import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { sha256Base64url } from '../../security/digest.js'
import { ErrorSummary, type FieldErrors, NewPasswordField, TextField } from '../../console/form.js'
import { MAX_PASSWORD_LENGTH, PASSWORD_RULE } from './passwords.js'
import { createConsoleAccount } from './service.js'

export const SETUP_PATH = '/console/setup'

/** Setup tokens live in `settings` under this prefix plus their SHA-256; never in clear. */
const TOKEN_KEY = 'accounts.setup-token.'
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000

/**
 * While no administrator exists, makes a one-time setup token, stores its hash and prints the
 * setup link in the log, so an operator without loopback access (a container) can finish setup.
 * Each process start makes its own; any of them works once.
 */
export async function announceSetup(ctx: AppContext): Promise<void> {
  if (await ctx.identity.hasAdministrator()) return
  const token = randomBytes(32).toString('base64url')
  const now = ctx.clock()
  await ctx.db
    .insertInto('settings')
    .values({
      key: `${TOKEN_KEY}${sha256Base64url(token)}`,
      value: JSON.stringify({ expiresAt: now + TOKEN_TTL_MS }),
      updated_at: now,
    })
    .execute()
  ctx.logger.warn(
    `no administrator yet: create one with \`ltihub admin create\`, or open ${ctx.config.publicUrl}${SETUP_PATH}?token=${token} (single use, 24 hours; from this machine the token is not needed)`,
  )
}

async function tokenValid(ctx: AppContext, token: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', `${TOKEN_KEY}${sha256Base64url(token)}`)
    .executeTakeFirst()
  if (row === undefined) return false
  const parsed = z.object({ expiresAt: z.number() }).safeParse(JSON.parse(row.value))
  return parsed.success && parsed.data.expiresAt > ctx.clock()
}

/** The address the request comes from is this machine (the client's, behind a trusted proxy). */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip)
}

interface SetupValues {
  readonly name: string
  readonly email: string
}

function SetupPage(props: { values: SetupValues; errors: FieldErrors; token: string }) {
  return (
    <>
      <h1>Set up ltihub</h1>
      <p>
        No administrator exists yet. Create the first one: they sign in with this email address and
        password, and can then add other people.
      </p>
      <ErrorSummary form="setup" errors={props.errors} />
      <form method="post" action={SETUP_PATH} class="stack" data-testid="setup-form">
        <input type="hidden" name="token" value={props.token} />
        <TextField
          form="setup"
          label="Name"
          name="name"
          value={props.values.name}
          errors={props.errors}
          maxLength={200}
          required
        />
        <TextField
          form="setup"
          label="Email address"
          name="email"
          type="email"
          autoComplete="username"
          value={props.values.email}
          errors={props.errors}
          maxLength={254}
          required
        />
        <NewPasswordField
          form="setup"
          label="Password"
          name="password"
          rule={PASSWORD_RULE}
          errors={props.errors}
          maxLength={MAX_PASSWORD_LENGTH}
        />
        <button type="submit">Create administrator</button>
      </form>
    </>
  )
}

const tokenQuery = z.object({ token: z.string().max(200).optional() })
const setupBody = z.object({
  token: z.string().max(200).default(''),
  name: z.string().max(1000).default(''),
  email: z.string().max(1000).default(''),
  password: z
    .string()
    .max(MAX_PASSWORD_LENGTH * 4)
    .default(''),
})

/**
 * Refuses with 404 once an administrator exists (the page is gone), and with 403 from another
 * machine without a valid token.
 */
async function checkAccess(ctx: AppContext, request: FastifyRequest, token: string | undefined) {
  if (await ctx.identity.hasAdministrator()) throw new HttpProblem(404, 'setup is done')
  if (isLoopback(request.ip)) return
  if (token === undefined || token === '' || !(await tokenValid(ctx, token))) {
    throw new HttpProblem(403, 'setup from another machine needs the setup token')
  }
}

/** `GET/POST /console/setup`: the first administrator, while there is none. */
export async function setupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Parameters<typeof SetupPage>[0],
  ) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Set up ltihub',
      status: Object.keys(props.errors).length > 0 ? 400 : 200,
      body: <SetupPage {...props} />,
    })

  app.get(SETUP_PATH, async (request, reply) => {
    const { token } = parseRequest(tokenQuery, request.query, 'query')
    await checkAccess(ctx, request, token)
    return page(request, reply, { values: { name: '', email: '' }, errors: {}, token: token ?? '' })
  })

  app.post(SETUP_PATH, async (request, reply) => {
    const input = parseRequest(setupBody, request.body, 'body')
    await checkAccess(ctx, request, input.token)
    const values = { name: input.name, email: input.email }
    const draft = { name: input.name, email: input.email, roles: ['administrator'] }
    const checked = await createConsoleAccountChecked(ctx, request, input, draft)
    if ('errors' in checked)
      return page(request, reply, { values, errors: checked.errors, token: input.token })
    await ctx.sessions.signIn(request, reply, checked.principal, { method: 'setup' })
    request.log.warn({ principal: checked.principal.id }, 'first administrator created')
    return reply.redirect('/console', 303)
  })
}

/** Creates the account; the token (when the request needs one) is used up only on success. */
async function createConsoleAccountChecked(
  ctx: AppContext,
  request: FastifyRequest,
  input: z.output<typeof setupBody>,
  draft: { name: string; email: string; roles: string[] },
) {
  if (input.password === '') return { errors: { password: 'Enter a password.' } }
  if (!isLoopback(request.ip) && !(await tokenValid(ctx, input.token))) {
    throw new HttpProblem(403, 'the setup token is used or expired')
  }
  const result = await createConsoleAccount(ctx, {
    ...draft,
    ssoOnly: false,
    password: input.password,
  })
  if ('errors' in result) return { errors: result.errors }
  // Single use: with an administrator the page is gone, and every token with it.
  await ctx.db.deleteFrom('settings').where('key', 'like', `${TOKEN_KEY}%`).execute()
  const { id, name, roles } = result.person
  return { principal: { id, name, roles } }
}
