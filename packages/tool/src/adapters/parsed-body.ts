/**
 * Rebuilding a request body that a body parser of the host application already read (Express's
 * `express.urlencoded()`, a Fastify content-type parser, Hono's `parseBody()`), so the tool reads
 * the same parameters again. LTI 1.1 signatures cover the decoded parameter names and values, not
 * their encoding, so a form re-encoded from its parsed fields verifies like the original.
 */

const FORM = 'application/x-www-form-urlencoded'

function mediaTypeOf(contentType: string | null | undefined): string | undefined {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase()
}

/** A parsed form (flat fields; repeated ones as arrays) as a url-encoded body. */
function formOf(fields: object): URLSearchParams {
  const form = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof item !== 'string') {
        // A nested object (qs's `extended` syntax) cannot be turned back into the fields sent.
        throw new TypeError(
          `the form field ${name} was parsed into an object; use a flat url-encoded parser (extended: false) or mount the LTI adapter before it`,
        )
      }
      form.append(name, item)
    }
  }
  return form
}

/**
 * The body a parser left (bytes, text, or parsed fields) as a web body for `contentType`.
 * Throws `TypeError` when nothing usable was left: the host's configuration, not the input, is
 * at fault.
 */
export function bodyFromParsed(parsed: unknown, contentType: string | null | undefined): BodyInit {
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed)
  if (typeof parsed === 'string') return parsed
  if (typeof parsed === 'object' && parsed !== null) {
    const type = mediaTypeOf(contentType)
    if (type === FORM) return formOf(parsed)
    if (type === 'application/json' || type?.endsWith('+json') === true) {
      return JSON.stringify(parsed)
    }
  }
  throw new TypeError(
    'the request body was read by a body parser that kept no usable copy of it; mount the LTI adapter before the body parsers',
  )
}

/** Headers for a rebuilt body: the declared length and transfer coding no longer apply. */
export function headersForRebuiltBody(headers: Headers): Headers {
  const copy = new Headers(headers)
  copy.delete('content-length')
  copy.delete('transfer-encoding')
  return copy
}
