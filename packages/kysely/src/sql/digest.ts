import { createHash } from 'node:crypto'

/** SHA-256 of a short text as base64url: how bearer values and nonces are stored. */
export function sha256Base64url(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url')
}
