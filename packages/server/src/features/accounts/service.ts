import type { AppContext } from '../../context.js'
import type { Principal } from '../../console/session.js'
import { CONSOLE_ROLES, createConsolePerson } from './console-people.js'
import { decoyHash, hashPassword, passwordWeakness, verifyPassword } from './passwords.js'
import type { Person } from './people.js'
import { findAccount, saveAccount } from './repository.js'

/** What account work needs: the database, who people are, and the time. */
export type AccountsContext = Pick<AppContext, 'db' | 'identity' | 'clock'>

/** Refusals by form field (`''`: the form as a whole), in words for the form. */
export type FieldErrors = Readonly<Record<string, string>>

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * The person with this email and password, or `undefined`: unknown email, no password set,
 * SSO-only or disabled account, or a wrong password all answer the same, after the same work
 * (a decoy hash is checked when there is nothing to check), so the answer reveals nothing.
 */
export async function authenticatePassword(
  ctx: AccountsContext,
  email: string,
  password: string,
): Promise<Principal | undefined> {
  const found = await ctx.identity.findByEmail(email)
  const account = found === undefined ? undefined : await findAccount(ctx.db, found.principal.id)
  const usable = found !== undefined && !found.ssoOnly && account?.passwordHash != null
  const matches = await verifyPassword(password, usable ? account.passwordHash : await decoyHash())
  return usable && matches ? found.principal : undefined
}

/** Sets a person's password after the strength rule; the refusal in words, or `undefined`. */
export async function setPassword(
  ctx: AccountsContext,
  person: Person,
  password: string,
): Promise<string | undefined> {
  const account = await findAccount(ctx.db, person.id)
  if (account?.ssoOnly === true) return 'This account signs in only through single sign-on.'
  const weakness = passwordWeakness(password, [person.name, person.email ?? ''])
  if (weakness !== undefined) return weakness
  await saveAccount(ctx.db, person.id, { passwordHash: await hashPassword(password) }, ctx.clock())
  return undefined
}

export interface ConsoleAccountInput {
  readonly name: string
  readonly email: string
  readonly roles: readonly string[]
  readonly ssoOnly: boolean
  /** Optional: a person can get a password later (or sign in only through SSO). */
  readonly password?: string | undefined
}

/** Checks a console person's details; refusals by field. `selfId` is excluded from uniqueness. */
export async function checkConsolePerson(
  ctx: AccountsContext,
  input: Pick<ConsoleAccountInput, 'name' | 'email' | 'roles'>,
  selfId?: string,
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {}
  const name = input.name.trim()
  if (name === '' || name.length > 200) errors['name'] = 'Enter a name of 1 to 200 characters.'
  const email = input.email.trim()
  if (!EMAIL_PATTERN.test(email) || email.length > 254) {
    errors['email'] = 'Enter an email address such as name@example.edu.'
  } else if ((await ctx.identity.peopleWithEmail(email)).some((p) => p.id !== selfId)) {
    errors['email'] = 'Another person already has this email address.'
  }
  if (input.roles.some((role) => !(CONSOLE_ROLES as readonly string[]).includes(role))) {
    errors['roles'] = `Choose among ${CONSOLE_ROLES.join(', ')}.`
  }
  return errors
}

/**
 * Creates a console person with an account (and a password when given). Refusals by field; no
 * row is written unless every field passes.
 */
export async function createConsoleAccount(
  ctx: AccountsContext,
  input: ConsoleAccountInput,
): Promise<{ readonly person: Person } | { readonly errors: FieldErrors }> {
  const errors = await checkConsolePerson(ctx, input)
  const password = input.password ?? ''
  if (password !== '') {
    if (input.ssoOnly) errors['password'] = 'An SSO-only account has no password; leave it empty.'
    else {
      const weakness = passwordWeakness(password, [input.name, input.email])
      if (weakness !== undefined) errors['password'] = weakness
    }
  }
  if (Object.keys(errors).length > 0) return { errors }
  const hash = password === '' ? null : await hashPassword(password)
  const now = ctx.clock()
  const person = await ctx.db.transaction().execute(async (trx) => {
    const created = await createConsolePerson(
      trx,
      { name: input.name.trim(), email: input.email.trim(), roles: input.roles },
      now,
    )
    await saveAccount(trx, created.id, { passwordHash: hash, ssoOnly: input.ssoOnly }, now)
    return created
  })
  return { person }
}
