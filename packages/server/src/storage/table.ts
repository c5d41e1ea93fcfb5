/** `nonces`: single-use values per scope, until they expire. The value is stored as its SHA-256. */
export interface NoncesTable {
  scope: string
  /** base64url SHA-256 of the value: fixed length whatever the caller sends. */
  value_sha256: string
  /** Epoch ms. */
  expires_at: number
}

export interface NonceTables {
  nonces: NoncesTable
}
