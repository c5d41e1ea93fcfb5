import type { AppContext } from '../../context.js'
import type { Principal } from '../../console/session.js'
import { createConsolePerson } from './console-people.js'

/**
 * The principal as the records say, creating a console person with the given name and roles when
 * nobody has that id: how the demo's "sign in as" (DEMO_ADMINISTRATOR on a tool-only instance,
 * the demo author) and the test sign-in reach people that no feature holds.
 */
export async function ensurePerson(
  ctx: Pick<AppContext, 'db' | 'identity' | 'clock'>,
  principal: Principal,
): Promise<Principal | undefined> {
  const found = await ctx.identity.findById(principal.id)
  if (found !== undefined) return found
  if ((await ctx.identity.findPerson(principal.id)) !== undefined) return undefined // disabled
  await createConsolePerson(
    ctx.db,
    { id: principal.id, name: principal.name, email: null, roles: principal.roles },
    ctx.clock(),
  )
  return ctx.identity.findById(principal.id)
}
