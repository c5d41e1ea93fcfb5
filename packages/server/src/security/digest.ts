import { createHash } from 'node:crypto'

/**
 * SHA-256 of a short text as base64url: how bearer values (nonces, launch hints, registration
 * tokens) are stored. Synchronous node:crypto, because WebCrypto's `digest` queues a thread-pool
 * job per call, which for a few dozen bytes cost more than the hash (it showed in launch profiles).
 */
export function sha256Base64url(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url')
}
