/**
 * Reading a request or response body into memory without ever holding more than `maxBytes` of
 * it: a declared Content-Length over the limit is refused before reading (it may also be absent
 * or lie, so the stream is counted as well and cancelled as soon as it passes the limit). Every
 * reader of untrusted bodies in ltihub goes through here.
 */

/** The body's bytes, or `undefined` when it is larger than `maxBytes`. */
export async function readBoundedBytes(
  source: Request | Response,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(source.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes) {
    await source.body?.cancel()
    return undefined
  }
  if (source.body === null) return new Uint8Array(0)
  const reader = source.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** The body as UTF-8 text (malformed sequences become U+FFFD), or `undefined` when too large. */
export async function readBoundedText(
  source: Request | Response,
  maxBytes: number,
): Promise<string | undefined> {
  const bytes = await readBoundedBytes(source, maxBytes)
  return bytes === undefined ? undefined : new TextDecoder('utf-8').decode(bytes)
}
