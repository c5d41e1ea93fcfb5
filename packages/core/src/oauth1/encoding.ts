/**
 * OAuth 1.0 percent-encoding (RFC 5849 section 3.6): RFC 3986 with only the unreserved characters
 * `A-Z a-z 0-9 - . _ ~` left as they are; every other byte of the UTF-8 form becomes `%XX` with
 * upper-case hex digits. Space is `%20`, never `+`.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */

/** Thrown as `TypeError` when a string cannot be UTF-8 encoded (a lone surrogate). */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Percent-encodes a string the OAuth way.
 * @throws TypeError when the string holds a lone UTF-16 surrogate (it has no UTF-8 form).
 * @example percentEncode("Dogs, Cats & Mice") // "Dogs%2C%20Cats%20%26%20Mice"
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError('percentEncode: the string holds a lone surrogate (not valid Unicode)')
  }
  // encodeURIComponent leaves ! ' ( ) * unescaped, but they are not unreserved in RFC 3986:
  // "Characters in the unreserved character set MUST NOT be encoded. All other characters MUST be encoded."
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/**
 * Decodes a percent-encoded string strictly: every `%` must start a hex pair and the bytes must be
 * valid UTF-8. `+` stays `+` (this is the Authorization header decoding, not form decoding).
 * Returns `undefined` when the input is malformed so the caller can raise its own error.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function percentDecode(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return undefined
  try {
    // decodeURIComponent throws URIError on a stray `%` and on bytes that are not UTF-8.
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}
