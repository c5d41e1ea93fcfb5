import { describe, expect, it } from 'vitest'
import { createDataCipher } from '../../security/index.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { providerFormSchema } from './model.js'
import {
  deleteProvider,
  findProvider,
  findProviderWithSecret,
  insertProvider,
  listProviders,
  setProviderEnabled,
  updateProvider,
} from './repository.js'

const dialects = await testDialects()

async function newCipher() {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ])
  return createDataCipher(key)
}

const google = {
  displayName: 'Google',
  issuer: 'https://accounts.google.com',
  clientId: 'client-1',
  clientSecret: 'first-secret-value',
  emailClaim: 'email',
  requireVerifiedEmail: true,
  scopes: ['openid', 'email'],
  enabled: true,
}

describe.each(dialects)('identity providers on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('stores the secret sealed, bound to the provider, and keeps it on an edit without one', async () => {
    const { db } = database()
    const cipher = await newCipher()
    expect(await insertProvider(db, cipher, 'google', google, 10)).toBe(true)
    const row = await db.selectFrom('sso_identity_providers').selectAll().executeTakeFirstOrThrow()
    expect(row.client_secret_sealed).not.toContain('first-secret-value')
    expect((await findProviderWithSecret(db, cipher, 'google'))?.clientSecret).toBe(
      'first-secret-value',
    )
    // A sealed secret copied into another row does not open there.
    await insertProvider(db, cipher, 'other', { ...google, displayName: 'Other' }, 11)
    await db
      .updateTable('sso_identity_providers')
      .set({ client_secret_sealed: row.client_secret_sealed })
      .where('id', '=', 'other')
      .execute()
    await expect(findProviderWithSecret(db, cipher, 'other')).rejects.toThrow(/decrypt/)

    const edit = { ...google, displayName: 'Google Workspace', clientSecret: undefined }
    expect(await updateProvider(db, cipher, 'google', edit, 20)).toBe(true)
    const kept = await findProviderWithSecret(db, cipher, 'google')
    expect(kept?.clientSecret).toBe('first-secret-value')
    expect(kept?.provider).toMatchObject({ displayName: 'Google Workspace', updatedAt: 20 })

    const replaced = { ...edit, clientSecret: 'second-secret-value' }
    await updateProvider(db, cipher, 'google', replaced, 30)
    expect((await findProviderWithSecret(db, cipher, 'google'))?.clientSecret).toBe(
      'second-secret-value',
    )
  })

  it('lists several providers, refuses a taken id, disables, re-enables and deletes', async () => {
    const { db } = database()
    const cipher = await newCipher()
    await insertProvider(db, cipher, 'google', google, 1)
    await insertProvider(db, cipher, 'entra', { ...google, displayName: 'Entra ID' }, 2)
    expect(await insertProvider(db, cipher, 'google', { ...google, displayName: 'X' }, 3)).toBe(
      false,
    )
    expect((await listProviders(db)).map((p) => p.id)).toEqual(['entra', 'google'])

    expect(await setProviderEnabled(db, 'google', false, 4)).toBe(true)
    expect((await findProvider(db, 'google'))?.enabled).toBe(false)
    await setProviderEnabled(db, 'google', true, 5)
    expect((await findProvider(db, 'google'))?.enabled).toBe(true)

    expect(await deleteProvider(db, 'google')).toBe(true)
    expect(await deleteProvider(db, 'google')).toBe(false)
    expect(await findProvider(db, 'google')).toBeUndefined()
    expect(await setProviderEnabled(db, 'google', true, 6)).toBe(false)
    expect((await listProviders(db)).map((p) => p.id)).toEqual(['entra'])
  })
})

describe('provider form rules', () => {
  const base = {
    displayName: 'District',
    issuer: 'https://idp.example.edu/.well-known/openid-configuration',
    clientId: 'ltihub',
    clientSecret: '',
    emailClaim: '',
    requireVerifiedEmail: true,
    scopes: '',
    enabled: true,
  }

  it('reduces a discovery URL to its issuer and fills the defaults', () => {
    expect(providerFormSchema.parse(base)).toMatchObject({
      issuer: 'https://idp.example.edu',
      clientSecret: undefined,
      emailClaim: 'email',
      scopes: ['openid', 'email', 'profile'],
    })
  })

  it('says in words what is wrong with each field', () => {
    const result = providerFormSchema.safeParse({
      ...base,
      displayName: ' ',
      issuer: 'ftp://idp.example.edu',
      scopes: 'email profile',
      emailClaim: 'e mail',
    })
    expect(result.success).toBe(false)
    const byField = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [issue.path[0], issue.message]),
    )
    expect(byField).toEqual({
      displayName: 'Enter the name people see on the button, such as Google.',
      issuer: 'Enter a URL starting with https://.',
      scopes: 'Include the openid scope: without it the provider sends no ID token.',
      emailClaim: 'Enter a claim name such as email or preferred_username.',
    })
  })
})
