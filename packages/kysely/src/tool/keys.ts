/**
 * The signing key of a standalone tool storage: one key, generated on first use and kept (sealed)
 * in `tool_signing_keys`, so every process and restart signs with the same key and the JWKS the
 * platforms cached stays valid. The ltihub server rotates its keys itself and does not use this.
 */
import {
  createKeyRing,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type KeyRing,
} from '@ltihub/core/keys'
import type { ToolKeyProvider } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import type { SecretCipher } from '../sql/secrets.js'

/** `tool_signing_keys`: the tool's key; `slot` 'current' holds the one that signs. */
export interface ToolSigningKeysTable {
  slot: string
  kid: string
  alg: string
  public_jwk: string
  /** The private JWK as JSON, sealed with the storage's cipher (`tool_signing_keys:<kid>`). */
  private_jwk_sealed: string
  created_at: number
}

export interface ToolKeyTables {
  tool_signing_keys: ToolSigningKeysTable
}

const CURRENT = 'current'

/**
 * A key provider over `tool_signing_keys`. The first call inserts a new key unless another
 * process did (insert-if-absent on the slot), then every process reads the stored one.
 */
export function sqlToolKeyProvider<DB extends ToolKeyTables>(
  handle: Kysely<DB>,
  options: { readonly cipher: SecretCipher; readonly clock: () => number },
): ToolKeyProvider {
  const db = handle as unknown as Kysely<ToolKeyTables>
  let ring: Promise<KeyRing> | undefined
  const load = async (): Promise<KeyRing> => {
    const fresh = await exportSigningKey(await generateSigningKey())
    await db
      .insertInto('tool_signing_keys')
      .values({
        slot: CURRENT,
        kid: fresh.kid,
        alg: fresh.alg,
        public_jwk: JSON.stringify(fresh.publicJwk),
        private_jwk_sealed: await options.cipher.encrypt(
          JSON.stringify(fresh.privateJwk),
          `tool_signing_keys:${fresh.kid}`,
        ),
        created_at: options.clock(),
      })
      .onConflict((oc) => oc.column('slot').doNothing())
      .execute()
    const row = await db
      .selectFrom('tool_signing_keys')
      .selectAll()
      .where('slot', '=', CURRENT)
      .executeTakeFirstOrThrow()
    const privateJwk = await options.cipher.decrypt(
      row.private_jwk_sealed,
      `tool_signing_keys:${row.kid}`,
    )
    const key = await importSigningKey({
      kid: row.kid,
      alg: row.alg as Parameters<typeof importSigningKey>[0]['alg'],
      privateJwk: JSON.parse(privateJwk) as Parameters<typeof importSigningKey>[0]['privateJwk'],
      publicJwk: JSON.parse(row.public_jwk) as Parameters<typeof importSigningKey>[0]['publicJwk'],
    })
    return createKeyRing({ current: key })
  }
  return {
    keyRing() {
      // A failed load is tried again on the next call rather than remembered.
      ring ??= load().catch((error: unknown) => {
        ring = undefined
        throw error
      })
      return ring
    },
  }
}
