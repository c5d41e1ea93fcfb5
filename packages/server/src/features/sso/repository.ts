/**
 * Storage of identity providers. The client secret is sealed with the data cipher, bound to the
 * provider's id, and opened only when the sign-in flow talks to the provider.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { DataCipher } from '../../security/index.js'
import type { IdentityProvider, IdentityProviderInput } from './model.js'
import type { IdentityProvidersTable } from './table.js'

const TABLE = 'sso_identity_providers'
const sealContext = (id: string) => `${TABLE}:${id}`

function toProvider(row: Selectable<IdentityProvidersTable>): IdentityProvider {
  return {
    id: row.id,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    emailClaim: row.email_claim,
    requireVerifiedEmail: row.require_verified_email === 1,
    scopes: row.scopes.split(' ').filter((scope) => scope !== ''),
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

const COLUMNS = [
  'id',
  'display_name',
  'issuer',
  'client_id',
  'client_secret_sealed',
  'email_claim',
  'require_verified_email',
  'scopes',
  'enabled',
  'created_at',
  'updated_at',
] as const

/** Every provider, by display name. */
export async function listProviders(db: Kysely<Database>): Promise<IdentityProvider[]> {
  const rows = await db.selectFrom(TABLE).select(COLUMNS).orderBy('display_name').execute()
  return rows.map(toProvider)
}

export async function findProvider(
  db: Kysely<Database>,
  id: string,
): Promise<IdentityProvider | undefined> {
  const row = await db.selectFrom(TABLE).select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toProvider(row)
}

/** The provider with its client secret opened, for the sign-in flow. */
export async function findProviderWithSecret(
  db: Kysely<Database>,
  cipher: DataCipher,
  id: string,
): Promise<{ provider: IdentityProvider; clientSecret: string } | undefined> {
  const row = await db.selectFrom(TABLE).select(COLUMNS).where('id', '=', id).executeTakeFirst()
  if (row === undefined) return undefined
  const clientSecret = await cipher.decrypt(row.client_secret_sealed, sealContext(row.id))
  return { provider: toProvider(row), clientSecret }
}

function columnsOf(input: IdentityProviderInput) {
  return {
    display_name: input.displayName,
    issuer: input.issuer,
    client_id: input.clientId,
    email_claim: input.emailClaim,
    require_verified_email: input.requireVerifiedEmail ? 1 : 0,
    scopes: input.scopes.join(' '),
    enabled: input.enabled ? 1 : 0,
  }
}

/**
 * Adds a provider. Resolves `false` when the id is taken (one statement: a concurrent add of the
 * same id cannot slip in between a check and the insert).
 */
export async function insertProvider(
  db: Kysely<Database>,
  cipher: DataCipher,
  id: string,
  input: IdentityProviderInput & { readonly clientSecret: string },
  now: number,
): Promise<boolean> {
  const sealed = await cipher.encrypt(input.clientSecret, sealContext(id))
  const result = await db
    .insertInto(TABLE)
    .values({
      id,
      ...columnsOf(input),
      client_secret_sealed: sealed,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/** Saves an edit; the stored secret stays unless a new one is given. `false`: no such provider. */
export async function updateProvider(
  db: Kysely<Database>,
  cipher: DataCipher,
  id: string,
  input: IdentityProviderInput,
  now: number,
): Promise<boolean> {
  const secret =
    input.clientSecret === undefined
      ? {}
      : { client_secret_sealed: await cipher.encrypt(input.clientSecret, sealContext(id)) }
  const result = await db
    .updateTable(TABLE)
    .set({ ...columnsOf(input), ...secret, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setProviderEnabled(
  db: Kysely<Database>,
  id: string,
  enabled: boolean,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable(TABLE)
    .set({ enabled: enabled ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function deleteProvider(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom(TABLE).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
