import type { Clock } from '@ltihub/core'
import {
  createKeyRing,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type KeyRing,
  rotateKeyRing,
  type SigningAlgorithm,
  type SigningKey,
} from '@ltihub/core/keys'
import type { Kysely } from 'kysely'
import type { Role } from '../../config/index.js'
import type { Database } from '../../db/schema.js'
import type { DataCipher } from '../../security/index.js'
import {
  deleteKeys,
  insertKey,
  keysOf,
  nextGeneration,
  setKeyState,
  type SigningKeyRow,
} from './repository.js'
import type { KeyState } from './table.js'

/** What the key service needs: the database, the at-rest cipher and the clock. */
export interface KeyDeps {
  readonly db: Kysely<Database>
  readonly cipher: DataCipher
  readonly clock: Clock
}

/** How many retired keys stay published after a rotation (core's default as well). */
export const MAX_RETIRING_KEYS = 2

function sealContext(kid: string): string {
  return `signing_keys:${kid}`
}

async function sealKey(
  deps: KeyDeps,
  key: SigningKey,
  purpose: Role,
  state: KeyState,
  generation: number,
): Promise<SigningKeyRow> {
  const exported = await exportSigningKey(key)
  const now = deps.clock()
  return {
    kid: exported.kid,
    purpose,
    alg: exported.alg,
    generation,
    state,
    public_jwk: JSON.stringify(exported.publicJwk),
    private_jwk_sealed: await deps.cipher.encrypt(
      JSON.stringify(exported.privateJwk),
      sealContext(exported.kid),
    ),
    created_at: now,
    state_changed_at: now,
  }
}

async function openKey(deps: KeyDeps, row: SigningKeyRow): Promise<SigningKey> {
  const privateJwk: unknown = JSON.parse(
    await deps.cipher.decrypt(row.private_jwk_sealed, sealContext(row.kid)),
  )
  const publicJwk: unknown = JSON.parse(row.public_jwk)
  // importSigningKey validates the whole shape (and that the halves belong together).
  return importSigningKey({
    kid: row.kid,
    alg: row.alg as SigningAlgorithm,
    privateJwk: privateJwk as Record<string, unknown>,
    publicJwk: publicJwk as Record<string, unknown>,
  })
}

/**
 * The stored key ring of one purpose, private keys decrypted, or `undefined` when none exists.
 * Platform and tool keys never mix: each purpose has its own ring.
 */
export async function loadKeyRing(deps: KeyDeps, purpose: Role): Promise<KeyRing | undefined> {
  const rows = await keysOf(deps.db, purpose)
  const currentRow = rows.find((row) => row.state === 'current')
  if (currentRow === undefined) return undefined
  const nextRow = rows.find((row) => row.state === 'next')
  return createKeyRing({
    current: await openKey(deps, currentRow),
    ...(nextRow === undefined ? {} : { next: await openKey(deps, nextRow) }),
    retiring: await Promise.all(
      rows.filter((row) => row.state === 'retiring').map((row) => openKey(deps, row)),
    ),
  })
}

/**
 * Makes sure `purpose` has a key ring with a current key and a published next key, creating what
 * is missing. Two processes starting at once cannot both create a current key: a unique index
 * allows one, and the loser reads the winner's ring.
 */
export async function ensureKeyRing(deps: KeyDeps, purpose: Role): Promise<KeyRing> {
  const existing = await loadKeyRing(deps, purpose)
  if (existing?.next !== undefined) return existing
  try {
    const current = existing === undefined ? await generateSigningKey() : undefined
    const next = await generateSigningKey()
    await deps.db.transaction().execute(async (trx) => {
      let generation = await nextGeneration(trx, purpose)
      if (current !== undefined) {
        await insertKey(trx, await sealKey(deps, current, purpose, 'current', generation))
        generation += 1
      }
      await insertKey(trx, await sealKey(deps, next, purpose, 'next', generation))
    })
  } catch (error) {
    const raced = await loadKeyRing(deps, purpose)
    if (raced?.next === undefined) throw error
    return raced
  }
  const ring = await loadKeyRing(deps, purpose)
  if (ring === undefined) throw new Error(`the ${purpose} key ring vanished while being created`)
  return ring
}

/** The outcome of a rotation, by key id. */
export interface RotationResult {
  readonly purpose: Role
  readonly current: string
  readonly next: string
  readonly retiring: readonly string[]
  readonly removed: readonly string[]
}

/**
 * Rotates with overlap: the published `next` key starts signing, the current key retires but stays
 * published, a new `next` is published, and retired keys beyond {@link MAX_RETIRING_KEYS} are
 * deleted. All in one transaction; a concurrent rotation of the same purpose fails on the unique
 * indexes instead of corrupting the ring.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export async function rotateKeys(deps: KeyDeps, purpose: Role): Promise<RotationResult> {
  const ring = await ensureKeyRing(deps, purpose)
  const next = await generateSigningKey()
  const rotated = rotateKeyRing(ring, next, { maxRetiring: MAX_RETIRING_KEYS })
  const kept = new Set([rotated.current.kid, next.kid, ...rotated.retiring.map((key) => key.kid)])
  const before = [ring.current, ...(ring.next === undefined ? [] : [ring.next]), ...ring.retiring]
  const removed = before.map((key) => key.kid).filter((kid) => !kept.has(kid))
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock()
    const sealedNext = await sealKey(
      deps,
      next,
      purpose,
      'next',
      await nextGeneration(trx, purpose),
    )
    await deleteKeys(trx, removed)
    // Order matters for the one-current/one-next indexes: free each state before filling it.
    await setKeyState(trx, ring.current.kid, 'retiring', now)
    await setKeyState(trx, rotated.current.kid, 'current', now)
    await insertKey(trx, sealedNext)
  })
  return {
    purpose,
    current: rotated.current.kid,
    next: next.kid,
    retiring: rotated.retiring.map((key) => key.kid),
    removed,
  }
}
