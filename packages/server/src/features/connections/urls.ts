/**
 * Which tool URLs an administrator may enter: https only, except http on a loopback host while
 * the server itself runs on a loopback http PUBLIC_URL (development).
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether this instance is a development one (PUBLIC_URL is http on a loopback host). */
export function isDevelopment(publicUrl: string): boolean {
  const url = new URL(publicUrl)
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname)
}

/** Why `value` is not an acceptable tool URL, or `undefined` when it is. */
export function toolUrlProblem(value: string, publicUrl: string): string | undefined {
  if (!URL.canParse(value)) return 'must be an absolute URL'
  const url = new URL(value)
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password'
  if (url.hash !== '') return 'must not carry a fragment'
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname) && isDevelopment(publicUrl)) {
    return undefined
  }
  return isDevelopment(publicUrl)
    ? 'must start with https:// (http:// only for localhost or 127.0.0.1)'
    : 'must start with https://'
}
