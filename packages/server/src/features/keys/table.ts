import type { Role } from '../../config/index.js'

/** The life of a signing key: published ahead (`next`), signing (`current`), published after (`retiring`). */
export type KeyState = 'next' | 'current' | 'retiring'

/** `signing_keys`: the platform's and the tool's key rings, kept apart by `purpose`. */
export interface SigningKeysTable {
  kid: string
  purpose: Role
  alg: string
  /** 1 for a purpose's first key, +1 for each new one: newer keys always have higher numbers. */
  generation: number
  state: KeyState
  /** Public JWK as JSON text. */
  public_jwk: string
  /** Private JWK sealed with the data-encryption key (AES-256-GCM, context `signing_keys:<kid>`). */
  private_jwk_sealed: string
  /** Epoch ms. */
  created_at: number
  /** Epoch ms of the last state change. */
  state_changed_at: number
}

export interface KeyTables {
  signing_keys: SigningKeysTable
}
