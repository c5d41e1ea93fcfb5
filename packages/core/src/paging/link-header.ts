import { LtiError } from '../errors/lti-error.js'

/** One link-value of an HTTP `Link` header (RFC 8288). */
export interface ParsedLink {
  /** The target exactly as sent between `<` and `>` (resolve it against the request URL). */
  readonly url: string
  /** Relation types, lower-cased (RFC 8288 compares them case-insensitively). */
  readonly rel: readonly string[]
  /** Other target attributes, names lower-cased, first occurrence kept. `rel` is not repeated here. */
  readonly params: Readonly<Record<string, string>>
}

/** A link to write into a `Link` header. */
export interface LinkToFormat {
  readonly url: string
  readonly rel: readonly string[]
  readonly params?: Readonly<Record<string, string>>
}

/** Longest Link header ltihub parses; paging headers are a few hundred bytes. */
export const MAX_LINK_HEADER_LENGTH = 16_384

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const WHITESPACE = /[ \t\r\n]/
/** Typographic quotes some Moodle versions emitted around `rel` (`rel=“next”`); read as `"`. */
const OPENING_QUOTES = new Set(['"', '\u201C', '\u201D'])
const CLOSING_QUOTES = new Set(['"', '\u201D', '\u201C'])

/** A cursor over the header text; each reader advances `at`. */
interface Cursor {
  readonly text: string
  at: number
}

function skipWhitespace(cursor: Cursor): void {
  while (cursor.at < cursor.text.length && WHITESPACE.test(cursor.text.charAt(cursor.at)))
    cursor.at++
}

/** Skips to the next comma outside `<…>` and quotes: the start of the next link-value. */
function skipToNextLink(cursor: Cursor): void {
  let quoted = false
  let bracketed = false
  while (cursor.at < cursor.text.length) {
    const char = cursor.text.charAt(cursor.at)
    if (quoted && char === '\\') cursor.at++
    else if (!bracketed && (OPENING_QUOTES.has(char) || CLOSING_QUOTES.has(char))) quoted = !quoted
    else if (!quoted && char === '<') bracketed = true
    else if (!quoted && char === '>') bracketed = false
    else if (!quoted && !bracketed && char === ',') return
    cursor.at++
  }
}

function readToken(cursor: Cursor): string {
  const start = cursor.at
  while (cursor.at < cursor.text.length && TOKEN_CHAR.test(cursor.text.charAt(cursor.at)))
    cursor.at++
  return cursor.text.slice(start, cursor.at)
}

function readQuoted(cursor: Cursor): string {
  cursor.at++ // the opening quote
  let value = ''
  while (cursor.at < cursor.text.length) {
    const char = cursor.text.charAt(cursor.at)
    if (char === '\\' && cursor.at + 1 < cursor.text.length) {
      value += cursor.text.charAt(cursor.at + 1)
      cursor.at += 2
      continue
    }
    cursor.at++
    if (CLOSING_QUOTES.has(char)) return value
    value += char
  }
  return value
}

function readBareValue(cursor: Cursor): string {
  const start = cursor.at
  while (cursor.at < cursor.text.length && !/[;, \t\r\n]/.test(cursor.text.charAt(cursor.at)))
    cursor.at++
  return cursor.text.slice(start, cursor.at)
}

/** Reads `name[=value]` after a `;`. Returns undefined (and skips it) when the name is not a token. */
function readParam(cursor: Cursor): [string, string] | undefined {
  skipWhitespace(cursor)
  const name = readToken(cursor).toLowerCase()
  skipWhitespace(cursor)
  if (cursor.text.charAt(cursor.at) !== '=') return name === '' ? undefined : [name, '']
  cursor.at++
  skipWhitespace(cursor)
  const value = OPENING_QUOTES.has(cursor.text.charAt(cursor.at))
    ? readQuoted(cursor)
    : readBareValue(cursor)
  return name === '' ? undefined : [name, value]
}

/** Reads the parameters after `<url>`; stops before the `,` that ends the link-value. */
function readParams(cursor: Cursor): Map<string, string> {
  const params = new Map<string, string>()
  for (;;) {
    skipWhitespace(cursor)
    const char = cursor.text.charAt(cursor.at)
    if (char !== ';') {
      if (char !== ',' && cursor.at < cursor.text.length) skipToNextLink(cursor)
      return params
    }
    cursor.at++
    const param = readParam(cursor)
    // RFC 8288 §3.3: occurrences of `rel` after the first MUST be ignored; the same for others.
    if (param !== undefined && !params.has(param[0])) params.set(param[0], param[1])
  }
}

function readLink(cursor: Cursor): ParsedLink | undefined {
  const close = cursor.text.indexOf('>', cursor.at + 1)
  if (close === -1) {
    cursor.at = cursor.text.length
    return undefined
  }
  const url = cursor.text.slice(cursor.at + 1, close).trim()
  cursor.at = close + 1
  const params = readParams(cursor)
  const rel = (params.get('rel') ?? '')
    .split(/[ \t\r\n]+/)
    .map((type) => type.toLowerCase())
    .filter((type) => type !== '')
  params.delete('rel')
  return { url, rel, params: Object.fromEntries(params) }
}

/**
 * Parses an HTTP `Link` header (RFC 8288 §3) leniently: quoted or bare `rel`, several relation
 * types in one `rel`, commas inside `<…>` or quotes, any whitespace, `REL="Next"`, and the
 * typographic quotes of some Moodle versions. Link-values it cannot read are skipped, never fatal.
 *
 * @example
 * parseLinkHeader('<https://lms/x?p=3>; rel="next"')
 * // [{ url: 'https://lms/x?p=3', rel: ['next'], params: {} }]
 * @throws LtiError `ERR_LTI_INPUT_TOO_LARGE` when the header exceeds MAX_LINK_HEADER_LENGTH.
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
export function parseLinkHeader(value: string | null | undefined): ParsedLink[] {
  if (value === null || value === undefined) return []
  if (value.length > MAX_LINK_HEADER_LENGTH) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      claim: 'Link',
      detail: `Link header of ${value.length} characters`,
    })
  }
  const cursor: Cursor = { text: value, at: 0 }
  const links: ParsedLink[] = []
  while (cursor.at < value.length) {
    const char = value.charAt(cursor.at)
    if (char === ',' || WHITESPACE.test(char)) {
      cursor.at++
      continue
    }
    if (char !== '<') {
      skipToNextLink(cursor)
      continue
    }
    const link = readLink(cursor)
    if (link !== undefined) links.push(link)
  }
  return links
}

/**
 * The target of the first link with relation type `rel` (case-insensitive), or undefined.
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3.3
 */
export function findLink(links: readonly ParsedLink[], rel: string): string | undefined {
  const wanted = rel.toLowerCase()
  return links.find((link) => link.rel.includes(wanted))?.url
}

const SAFE_URL = /^[\x21-\x7E]+$/
const SAFE_REL = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/
const SAFE_VALUE = /^[\t\x20-\x7E]*$/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
}

function formatLink(link: LinkToFormat): string {
  if (!SAFE_URL.test(link.url) || link.url.includes('>') || link.url.includes('<')) {
    throw new TypeError(`Link target must be visible ASCII without < or >: ${link.url}`)
  }
  const parts = [`<${link.url}>`]
  if (link.rel.length > 0) {
    for (const rel of link.rel) {
      if (!SAFE_REL.test(rel)) throw new TypeError(`invalid relation type: ${JSON.stringify(rel)}`)
    }
    parts.push(`rel=${quote(link.rel.join(' '))}`)
  }
  for (const [name, value] of Object.entries(link.params ?? {})) {
    if (!TOKEN.test(name) || name.toLowerCase() === 'rel') {
      throw new TypeError(`invalid Link parameter name: ${JSON.stringify(name)}`)
    }
    if (!SAFE_VALUE.test(value)) throw new TypeError(`invalid Link parameter value for ${name}`)
    parts.push(`${name}=${quote(value)}`)
  }
  return parts.join('; ')
}

/**
 * Formats links as an HTTP `Link` header value: `<url>; rel="next", <url>; rel="differences"`.
 * Misuse (a target with `<`, `>` or spaces, a bad relation type or parameter) throws `TypeError`.
 *
 * @example
 * formatLinkHeader([{ url: 'https://lms/m?p=2', rel: ['next'] }]) // '<https://lms/m?p=2>; rel="next"'
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
export function formatLinkHeader(links: readonly LinkToFormat[]): string {
  return links.map(formatLink).join(', ')
}

/** Page links a platform sends with a collection page (AGS, NRPS); each an absolute URL. */
export interface PageLinkUrls {
  readonly next?: string | undefined
  readonly prev?: string | undefined
  readonly first?: string | undefined
  readonly last?: string | undefined
  /** NRPS only: the URL that returns the changes since this page was produced. */
  readonly differences?: string | undefined
}

const PAGE_RELATIONS = ['next', 'prev', 'first', 'last', 'differences'] as const

/**
 * The `Link` header value for a collection page, or undefined when there are no links.
 * "When more items exist, the response MUST carry a `rel="next"` link" (AGS, NRPS).
 *
 * @example pageLinkHeader({ next: 'https://lms/m?p=2' }) // '<https://lms/m?p=2>; rel="next"'
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter
 */
export function pageLinkHeader(urls: PageLinkUrls): string | undefined {
  const links = PAGE_RELATIONS.flatMap((rel) => {
    const url = urls[rel]
    return url === undefined ? [] : [{ url, rel: [rel] }]
  })
  return links.length === 0 ? undefined : formatLinkHeader(links)
}
