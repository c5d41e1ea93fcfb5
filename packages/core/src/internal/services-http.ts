/**
 * HTTP plumbing shared by the LTI Advantage service folders (ags/, nrps/, registration/, paging/).
 * Internal: never exported from the package. Owned by those folders.
 */
import type { z } from 'zod'
import { errorCatalogue, type LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import { readBoundedText } from './bounded-body.js'

/** The essence of a media type (`type/subtype`, lower case, no parameters), or undefined. */
export function mediaTypeEssence(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined
  const essence = header.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  return essence === '' ? undefined : essence
}

/** Whether a Content-Type header names one of `accepted` (compared on the essence only). */
export function mediaTypeMatches(
  header: string | null | undefined,
  accepted: readonly string[],
): boolean {
  const essence = mediaTypeEssence(header)
  return essence !== undefined && accepted.some((type) => type.toLowerCase() === essence)
}

/** `JSON.parse` that never throws: `{ ok: false }` for anything that is not JSON. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** Limits for a request body a platform endpoint reads. */
export interface RequestJsonOptions {
  /** Media types accepted in Content-Type (essence only). */
  readonly accept: readonly string[]
  readonly maxBytes: number
}

/**
 * Reads the JSON body of a request a platform endpoint received: checks the media type, the size
 * and the syntax, with the common coded errors (415, 413, 400).
 */
export async function readRequestJson(
  request: Request,
  options: RequestJsonOptions,
): Promise<unknown> {
  const contentType = request.headers.get('content-type')
  if (!mediaTypeMatches(contentType, options.accept)) {
    await request.body?.cancel()
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', {
      detail: `Content-Type ${JSON.stringify(contentType)}; accepted: ${options.accept.join(', ')}`,
      claim: 'Content-Type',
    })
  }
  const text = await readBoundedText(request, options.maxBytes)
  if (text === undefined) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `body over ${options.maxBytes} bytes` })
  }
  const parsed = parseJson(text)
  if (!parsed.ok) throw new LtiError('ERR_LTI_MALFORMED_JSON', { detail: 'body is not JSON' })
  return parsed.value
}

/** Formats a zod issue path as `members[3].user_id` (URL keys in brackets). */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}

/** Parameters of a zod `custom` issue that asks for a specific error code instead of the default. */
export interface RuleIssueParams {
  readonly ltiCode: LtiErrorCode
}

function ruleCode(issue: z.core.$ZodIssue | undefined): LtiErrorCode | undefined {
  if (issue?.code !== 'custom') return undefined
  const code: unknown = issue.params?.['ltiCode']
  return typeof code === 'string' && Object.hasOwn(errorCatalogue, code)
    ? (code as LtiErrorCode)
    : undefined
}

/**
 * Turns the first issue of a failed zod parse into a coded error naming the field at fault: the
 * issue's own code when a rule set one (`params.ltiCode`), else `code`. The zod message goes to
 * the private detail: it never carries the offending value.
 */
export function schemaError(code: LtiErrorCode, error: z.ZodError): LtiError {
  const issue = error.issues[0]
  const claim = issue === undefined ? '' : formatIssuePath(issue.path)
  return new LtiError(ruleCode(issue) ?? code, {
    ...(claim === '' ? {} : { claim }),
    detail: issue === undefined ? 'invalid' : `${claim || '(body)'}: ${issue.message}`,
  })
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Bearer access tokens are visible ASCII (RFC 6750 b64token is narrower); never CR/LF. */
export function bearerHeader(accessToken: string): string {
  if (typeof accessToken !== 'string' || !/^[\x21-\x7E]+$/.test(accessToken)) {
    throw new TypeError('accessToken must be a non-empty string of visible ASCII characters')
  }
  return `Bearer ${accessToken}`
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether a URL's host is a loopback address (the only http ever allowed, and only on opt-in). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost')
}

/** Parses an absolute URL, or returns undefined. */
export function parseAbsoluteUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base)
  } catch {
    return undefined
  }
}

/** Whether `url` is https, or http on loopback when that was explicitly allowed. */
export function isSecureUrl(url: URL, allowInsecureLoopback: boolean): boolean {
  if (url.protocol === 'https:') return true
  return allowInsecureLoopback && url.protocol === 'http:' && isLoopbackUrl(url)
}

/**
 * Validates a value the calling code supplies (a score to send, a page to answer with). A failure
 * is misuse by the caller, so it is a `TypeError` naming the field, not an `LtiError`.
 */
export function assertValid<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue === undefined ? '' : formatIssuePath(issue.path)
    throw new TypeError(
      `${what} is invalid${path === '' ? '' : ` at ${path}`}: ${issue?.message ?? ''}`,
    )
  }
  return parsed.data
}
