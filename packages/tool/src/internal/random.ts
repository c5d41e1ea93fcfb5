/** A URL-safe random identifier from the platform CSPRNG (never `Math.random`). */
export function randomToken(bytes = 24): string {
  const buffer = new Uint8Array(bytes)
  crypto.getRandomValues(buffer)
  return base64url(buffer)
}

/** Unpadded base64url of some bytes. */
export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/**
 * Node's hashing, when the runtime is Node: a WebCrypto digest is a job on the thread pool, which
 * for a few dozen bytes costs far more than the hash (two per launch). Other runtimes use WebCrypto.
 */
const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto')

/** SHA-256 of a string, as unpadded base64url. */
export async function sha256(text: string): Promise<string> {
  if (nodeCrypto !== undefined)
    return nodeCrypto.createHash('sha256').update(text).digest('base64url')
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return base64url(new Uint8Array(digest))
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a)
  const right = new TextEncoder().encode(b)
  let diff = left.length ^ right.length
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0)
  }
  return diff === 0
}
