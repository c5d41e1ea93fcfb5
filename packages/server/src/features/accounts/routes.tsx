import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { requireRole } from '../../console/guard.js'
import { OPERATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import type { Principal } from '../../console/session.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import type { FieldErrors } from '../../console/form.js'
import { deleteConsolePerson, listConsolePeople, updateConsolePerson } from './console-people.js'
import {
  AccountsPage,
  ConfirmPage,
  MyAccountPage,
  NewAccountPage,
  PersonPage,
  type PersonPageProps,
  type PersonValues,
} from './pages.js'
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords.js'
import { ACCOUNTS, PERSON_ACTIONS, type PersonAction } from './paths.js'
import type { Person } from './people.js'
import { deleteAccount, findAccount, saveAccount } from './repository.js'
import { checkConsolePerson, createConsoleAccount, setPassword } from './service.js'

const NOTICES = {
  password: 'The password is saved.',
  created: 'The account is created.',
  saved: 'The details are saved.',
  disabled: 'The account is disabled and its sessions have ended.',
  enabled: 'The account is enabled again.',
  deleted: 'The account is deleted.',
  'sso-on': 'The account now signs in only through single sign-on.',
  'sso-off': 'The account may now have a password.',
  'session-ended': 'The session has ended.',
  'sessions-ended': 'Every session of the account has ended.',
} as const
type NoticeCode = keyof typeof NOTICES

const noticeQuery = z.object({ done: z.string().max(40).optional() })
const idParams = z.object({ id: z.string().min(1).max(200) })
const sessionParams = z.object({ id: z.string().max(200).optional(), handle: z.uuid() })
const actionParams = z.object({ id: z.string().min(1).max(200), action: z.enum(PERSON_ACTIONS) })
const text = (max: number) => z.string().max(max).default('')
const rolesField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
const personBody = z.object({
  name: text(1000),
  email: text(1000),
  roles: rolesField,
  ssoOnly: z.string().optional(),
  password: text(MAX_PASSWORD_LENGTH * 4),
})
const passwordBody = z.object({
  currentPassword: text(MAX_PASSWORD_LENGTH * 4),
  newPassword: text(MAX_PASSWORD_LENGTH * 4),
})

function noticeOf(request: FastifyRequest): string | undefined {
  const { done } = parseRequest(noticeQuery, request.query, 'query')
  return done !== undefined && done in NOTICES ? NOTICES[done as NoticeCode] : undefined
}

function signedIn(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new HttpProblem(401, 'no console session')
  return request.principal
}

function valuesOf(person: Person, ssoOnly: boolean): PersonValues {
  return { name: person.name, email: person.email ?? '', roles: person.roles, ssoOnly }
}

/** "My account": everyone's own password and sessions. */
async function myAccountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  async function page(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}) {
    const me = signedIn(request)
    const person = await ctx.identity.findPerson(me.id)
    if (person === undefined) throw new HttpProblem(401, 'no console session')
    return renderConsolePage(ctx, request, reply, {
      title: 'My account',
      status: Object.keys(errors).length > 0 ? 400 : 200,
      body: (
        <MyAccountPage
          person={person}
          account={await findAccount(ctx.db, me.id)}
          sessions={await ctx.sessions.list(me.id)}
          current={await ctx.sessions.currentHandle(request)}
          notice={noticeOf(request)}
          errors={errors}
        />
      ),
    })
  }

  app.get(ACCOUNTS.mine, async (request, reply) => page(request, reply))

  app.post(ACCOUNTS.minePassword, async (request, reply) => {
    const me = signedIn(request)
    const input = parseRequest(passwordBody, request.body, 'body')
    const person = await ctx.identity.findPerson(me.id)
    const account = await findAccount(ctx.db, me.id)
    if (person === undefined) throw new HttpProblem(401, 'no console session')
    if (account?.passwordHash != null) {
      if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
        return page(request, reply, { currentPassword: 'That is not your current password.' })
      }
    }
    const refusal = await setPassword(ctx, person, input.newPassword)
    if (refusal !== undefined) return page(request, reply, { newPassword: refusal })
    return reply.redirect(`${ACCOUNTS.mine}?done=password`, 303)
  })

  app.get('/console/account/sessions/:handle/end', async (request, reply) => {
    const { handle } = parseRequest(sessionParams, request.params, 'params')
    return renderConsolePage(ctx, request, reply, {
      title: 'End session',
      body: (
        <ConfirmPage
          title="End this session?"
          consequences="The browser holding it is signed out at its next request."
          action={ACCOUNTS.mineEndSession(handle)}
          button="End this session"
          back={ACCOUNTS.mine}
        />
      ),
    })
  })

  app.post('/console/account/sessions/:handle/end', async (request, reply) => {
    const { handle } = parseRequest(sessionParams, request.params, 'params')
    const me = signedIn(request)
    const mine = handle === (await ctx.sessions.currentHandle(request))
    await ctx.sessions.end(me.id, handle)
    if (mine) return reply.clearCookie(ctx.sessions.cookieName).redirect('/console/sign-in', 303)
    return reply.redirect(`${ACCOUNTS.mine}?done=session-ended`, 303)
  })

  app.get(ACCOUNTS.mineEndAll, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Sign out everywhere',
      body: (
        <ConfirmPage
          title="Sign out everywhere?"
          consequences="Every session of your account ends, this one included: you sign in again."
          action={ACCOUNTS.mineEndAll}
          button="Sign out everywhere"
          back={ACCOUNTS.mine}
        />
      ),
    }),
  )

  app.post(ACCOUNTS.mineEndAll, async (request, reply) => {
    const me = signedIn(request)
    await ctx.sessions.endAllFor(me.id)
    await ctx.sessions.signOut(request, reply)
    request.log.info({ principal: me.id }, 'signed out everywhere')
    return reply.redirect('/console/sign-in', 303)
  })
}

const CONFIRMATIONS: Record<
  (typeof PERSON_ACTIONS)[number],
  { title: string; consequences: string; button: string }
> = {
  disable: {
    title: 'Disable this account?',
    consequences: 'The person cannot sign in, and every session they have ends now.',
    button: 'Disable account',
  },
  enable: {
    title: 'Re-enable this account?',
    consequences: 'The person can sign in again with their password or single sign-on.',
    button: 'Re-enable account',
  },
  delete: {
    title: 'Delete this account?',
    consequences: 'The console person, their password and every session go. This cannot be undone.',
    button: 'Delete account',
  },
  'end-sessions': {
    title: 'End all sessions?',
    consequences: 'Every browser signed in as this person is signed out at its next request.',
    button: 'End all sessions',
  },
}

/** Administrators: console accounts, and every person's sign-in and sessions. */
async function adminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...OPERATORS) }

  async function personOr404(id: string): Promise<Person> {
    const person = await ctx.identity.findPerson(id)
    if (person === undefined) throw new HttpProblem(404, `no person ${id}`)
    return person
  }

  async function personPage(
    request: FastifyRequest,
    reply: FastifyReply,
    person: Person,
    refused?: { errorsOf: 'details' | 'password'; errors: FieldErrors; values?: PersonValues },
  ) {
    const account = await findAccount(ctx.db, person.id)
    const props: PersonPageProps = {
      person,
      account,
      sessions: await ctx.sessions.list(person.id),
      current: await ctx.sessions.currentHandle(request),
      notice: noticeOf(request),
      values: refused?.values ?? valuesOf(person, account?.ssoOnly === true),
      errors: refused?.errors ?? {},
      errorsOf: refused?.errorsOf,
      self: request.principal?.id === person.id,
    }
    return renderConsolePage(ctx, request, reply, {
      title: person.name,
      status: refused === undefined ? 200 : 400,
      body: <PersonPage {...props} />,
    })
  }

  app.get(ACCOUNTS.list, admin, async (request, reply) => {
    const people = await listConsolePeople(ctx.db)
    const rows = await Promise.all(
      people.map(async (person) => ({
        person,
        account: await findAccount(ctx.db, person.id),
        sessions: (await ctx.sessions.list(person.id)).length,
      })),
    )
    return renderConsolePage(ctx, request, reply, {
      title: 'Console accounts',
      body: (
        <AccountsPage
          rows={rows}
          notice={noticeOf(request)}
          platform={ctx.config.roles.includes('platform')}
        />
      ),
    })
  })

  const empty: PersonValues = { name: '', email: '', roles: [], ssoOnly: false }
  app.get(ACCOUNTS.create, admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'New account',
      body: <NewAccountPage values={empty} errors={{}} />,
    }),
  )

  app.post(ACCOUNTS.create, admin, async (request, reply) => {
    const input = parseRequest(personBody, request.body, 'body')
    const values = { ...input, ssoOnly: input.ssoOnly === '1' }
    const result = await createConsoleAccount(ctx, values)
    if ('errors' in result) {
      return renderConsolePage(ctx, request, reply, {
        title: 'New account',
        status: 400,
        body: <NewAccountPage values={values} errors={result.errors} />,
      })
    }
    request.log.info({ person: result.person.id, by: request.principal?.id }, 'account created')
    return reply.redirect(`${ACCOUNTS.person(result.person.id)}?done=created`, 303)
  })

  app.get('/console/accounts/:id', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    return personPage(request, reply, await personOr404(id))
  })

  app.post('/console/accounts/:id', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const person = await personOr404(id)
    if (person.source !== 'console') throw new HttpProblem(409, `${id} is kept by ${person.source}`)
    const input = parseRequest(personBody, request.body, 'body')
    const values = { ...input, ssoOnly: false }
    const errors = await checkConsolePerson(ctx, input, id)
    if (request.principal?.id === id && !input.roles.includes('administrator')) {
      errors['roles'] = 'You cannot remove your own administrator role.'
    }
    if (Object.keys(errors).length > 0) {
      return personPage(request, reply, person, { errorsOf: 'details', errors, values })
    }
    const changes = { name: input.name.trim(), email: input.email.trim(), roles: input.roles }
    await updateConsolePerson(ctx.db, id, changes, ctx.clock())
    return reply.redirect(`${ACCOUNTS.person(id)}?done=saved`, 303)
  })

  app.post('/console/accounts/:id/password', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const person = await personOr404(id)
    const input = parseRequest(passwordBody, request.body, 'body')
    const refusal = await setPassword(ctx, person, input.newPassword)
    if (refusal !== undefined) {
      return personPage(request, reply, person, {
        errorsOf: 'password',
        errors: { newPassword: refusal },
      })
    }
    // A reset password ends the sessions opened with the old one (not the administrator's own).
    if (request.principal?.id !== id) await ctx.sessions.endAllFor(id)
    request.log.info({ person: id, by: request.principal?.id }, 'password set by administrator')
    return reply.redirect(`${ACCOUNTS.person(id)}?done=password`, 303)
  })

  app.post('/console/accounts/:id/sso-only', admin, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    await personOr404(id)
    const on = parseRequest(z.object({ ssoOnly: z.enum(['0', '1']) }), request.body, 'body')
    const ssoOnly = on.ssoOnly === '1'
    // SSO-only drops the password: it can no longer be used, so it is not kept either.
    const changes = ssoOnly ? { ssoOnly, passwordHash: null } : { ssoOnly }
    await saveAccount(ctx.db, id, changes, ctx.clock())
    return reply.redirect(`${ACCOUNTS.person(id)}?done=${ssoOnly ? 'sso-on' : 'sso-off'}`, 303)
  })

  app.get('/console/accounts/:id/:action', admin, async (request, reply) => {
    const { id, action } = parseRequest(actionParams, request.params, 'params')
    const person = await personOr404(id)
    const confirmation = CONFIRMATIONS[action]
    return renderConsolePage(ctx, request, reply, {
      title: confirmation.title,
      body: (
        <ConfirmPage
          {...confirmation}
          title={`${confirmation.title} (${person.name})`}
          action={ACCOUNTS.action(id, action as PersonAction)}
          back={ACCOUNTS.person(id)}
        />
      ),
    })
  })

  app.post('/console/accounts/:id/:action', admin, async (request, reply) => {
    const { id, action } = parseRequest(actionParams, request.params, 'params')
    const person = await personOr404(id)
    const self = request.principal?.id === id
    const now = ctx.clock()
    if (self && action !== 'end-sessions') {
      throw new HttpProblem(409, 'administrators cannot disable or delete their own account')
    }
    if (action === 'end-sessions') {
      await ctx.sessions.endAllFor(id)
      if (self) return reply.clearCookie(ctx.sessions.cookieName).redirect('/console/sign-in', 303)
      return reply.redirect(`${ACCOUNTS.person(id)}?done=sessions-ended`, 303)
    }
    if (action === 'disable' || action === 'enable') {
      await saveAccount(ctx.db, id, { disabled: action === 'disable' }, now)
      if (action === 'disable') await ctx.sessions.endAllFor(id)
      request.log.info({ person: id, by: request.principal?.id }, `account ${action}d`)
      return reply.redirect(`${ACCOUNTS.person(id)}?done=${action}d`, 303)
    }
    if (person.source !== 'console') throw new HttpProblem(409, `${id} is kept by ${person.source}`)
    await ctx.sessions.endAllFor(id)
    await ctx.db.transaction().execute(async (trx) => {
      await deleteAccount(trx, id)
      await deleteConsolePerson(trx, id)
    })
    request.log.info({ person: id, by: request.principal?.id }, 'account deleted')
    return reply.redirect(`${ACCOUNTS.list}?done=deleted`, 303)
  })

  app.get('/console/accounts/:id/sessions/:handle/end', admin, async (request, reply) => {
    const { id, handle } = parseRequest(sessionParams, request.params, 'params')
    const person = await personOr404(id ?? '')
    return renderConsolePage(ctx, request, reply, {
      title: 'End session',
      body: (
        <ConfirmPage
          title={`End this session of ${person.name}?`}
          consequences="The browser holding it is signed out at its next request."
          action={ACCOUNTS.endSession(person.id, handle)}
          button="End this session"
          back={ACCOUNTS.person(person.id)}
        />
      ),
    })
  })

  app.post('/console/accounts/:id/sessions/:handle/end', admin, async (request, reply) => {
    const { id, handle } = parseRequest(sessionParams, request.params, 'params')
    const person = await personOr404(id ?? '')
    await ctx.sessions.end(person.id, handle)
    return reply.redirect(`${ACCOUNTS.person(person.id)}?done=session-ended`, 303)
  })
}

export async function accountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await myAccountRoutes(app, ctx)
  await adminRoutes(app, ctx)
}
