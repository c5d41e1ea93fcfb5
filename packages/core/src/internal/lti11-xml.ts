/**
 * Hardened XML reading for the LTI 1.1 XML formats (Basic Outcomes POX, cartridge links).
 * fast-xml-parser runs with `processEntities: false`; DOCTYPE and ENTITY declarations are refused
 * before parsing (no entity expansion, so no billion laughs and no external entities), and only the
 * five predefined entities and character references are decoded, once, by this module.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { LtiError } from '../errors/lti-error.js'

/** An element with prefixes stripped from its name and attributes (matching is by local name). */
export interface XmlElement {
  readonly name: string
  /** Attributes by local name; namespace declarations are left out. */
  readonly attributes: ReadonlyMap<string, string>
  readonly children: readonly XmlElement[]
  /** The element's own text and CDATA, decoded, in document order (not its children's). */
  readonly text: string
}

export interface ParseXmlOptions {
  /** Largest accepted document, in UTF-8 bytes. */
  readonly maxBytes: number
  /** Deepest accepted nesting. */
  readonly maxDepth?: number
}

const parser = (maxDepth: number) =>
  new XMLParser({
    processEntities: false,
    htmlEntities: false,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    preserveOrder: true,
    cdataPropName: '#cdata',
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: false,
    maxNestedTags: maxDepth,
  })

/**
 * Whether a string holds a character XML 1.0 cannot carry (section 2.2): C0 controls other than
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
 */
export function hasForbiddenXmlChar(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true
    if ((code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) return true
  }
  return false
}
const DECLARATIONS = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i

function malformed(detail: string, cause?: unknown): LtiError {
  return new LtiError('ERR_LTI_MALFORMED_XML', { detail, cause })
}

/**
 * Parses an XML document into a small element tree, refusing anything suspicious.
 * @throws LtiError ERR_LTI_INPUT_TOO_LARGE or ERR_LTI_MALFORMED_XML.
 */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions): XmlElement {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  if (bytes.byteLength > options.maxBytes) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      detail: `XML of ${bytes.byteLength} bytes > ${options.maxBytes}`,
    })
  }
  let xml: string
  try {
    xml =
      typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input)
  } catch (cause) {
    throw malformed('not UTF-8', cause)
  }
  xml = xml.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (DECLARATIONS.test(xml)) throw malformed('DOCTYPE or entity declarations are refused')
  if (hasForbiddenXmlChar(xml)) throw malformed('character not allowed in XML 1.0')
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw malformed(`${valid.err.code}: ${valid.err.msg}`)
  // The validator lets text through after a self-closing root (`<r/>x`), and the parser drops it.
  if (!endsWithMarkup(xml)) throw malformed('text after the root element')
  let nodes: unknown
  try {
    nodes = parser(options.maxDepth ?? 32).parse(xml)
  } catch (cause) {
    throw malformed('parser refused the document', cause)
  }
  const roots = toElements(nodes)
  if (roots.elements.length !== 1 || roots.text.trim() !== '') {
    throw malformed('a document needs exactly one root element')
  }
  return roots.elements[0] as XmlElement
}

/** Whether the document ends with a tag once trailing comments and processing instructions go. */
function endsWithMarkup(xml: string): boolean {
  let rest = xml.trimEnd()
  for (;;) {
    if (rest.endsWith('-->')) rest = rest.slice(0, rest.lastIndexOf('<!--')).trimEnd()
    else if (rest.endsWith('?>')) rest = rest.slice(0, rest.lastIndexOf('<?')).trimEnd()
    else return rest.endsWith('>')
  }
}

type Node = Record<string, unknown>

function toElements(nodes: unknown): { elements: XmlElement[]; text: string } {
  if (!Array.isArray(nodes)) throw malformed('unexpected parser output')
  const elements: XmlElement[] = []
  let text = ''
  for (const node of nodes as Node[]) {
    if (typeof node !== 'object' || node === null) throw malformed('unexpected parser output')
    if ('#text' in node) text += decodeEntities(String(node['#text']))
    else if ('#cdata' in node) text += cdataText(node['#cdata'])
    else elements.push(toElement(node))
  }
  return { elements, text }
}

function cdataText(value: unknown): string {
  // CDATA content is literal: no entity decoding.
  if (!Array.isArray(value)) throw malformed('unexpected CDATA output')
  return value.map((part: Node) => String(part['#text'] ?? '')).join('')
}

function toElement(node: Node): XmlElement {
  const names = Object.keys(node).filter((key) => key !== ':@')
  const qualified = names[0]
  if (names.length !== 1 || qualified === undefined) throw malformed('unexpected parser output')
  const { elements, text } = toElements(node[qualified])
  return {
    name: localName(qualified),
    attributes: toAttributes(node[':@']),
    children: elements,
    text,
  }
}

function localName(qualified: string): string {
  const parts = qualified.split(':')
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw malformed(`bad name ${qualified.slice(0, 64)}`)
  }
  return parts.at(-1) ?? qualified
}

function toAttributes(raw: unknown): Map<string, string> {
  const attributes = new Map<string, string>()
  if (raw === undefined) return attributes
  if (typeof raw !== 'object' || raw === null) throw malformed('unexpected attribute output')
  for (const [key, value] of Object.entries(raw)) {
    const qualified = key.slice(2)
    if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) continue
    const text = String(value)
    if (text.includes('<')) throw malformed('"<" in an attribute value')
    // XML 1.0 section 3.3.3: literal white space in an attribute value is normalised to a space.
    attributes.set(localName(qualified), decodeEntities(text.replace(/[\t\n]/g, ' ')))
  }
  return attributes
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]*));|&/g

/** Decodes the five predefined entities and character references, once; anything else is refused. */
export function decodeEntities(text: string): string {
  return text.replace(REFERENCE, (match, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) {
      const replacement = PREDEFINED[name]
      if (replacement === undefined) throw malformed(`undeclared entity &${name.slice(0, 32)};`)
      return replacement
    }
    if (hex === undefined && decimal === undefined) throw malformed('bare "&"')
    const codePoint = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16)
    const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : ''
    if (char === '' || hasForbiddenXmlChar(char)) throw malformed(`bad reference ${match}`)
    return char
  })
}

/** Child elements called `name` (local name). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name)
}

/** The only child called `name`, `undefined` when absent; two of them is malformed. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  const found = childrenNamed(element, name)
  if (found.length > 1) throw malformed(`more than one <${name}> in <${element.name}>`)
  return found[0]
}

function escape(value: string, attribute: boolean): string {
  if (hasForbiddenXmlChar(value)) {
    throw new TypeError('The value holds a character XML 1.0 cannot represent')
  }
  let out = value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;')
  if (attribute) {
    out = out.replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\t', '&#9;')
  }
  return out
}

/**
 * Escapes text content for XML (`&`, `<`, `>` and CR, which a parser would otherwise fold).
 * @throws TypeError when the text holds a character XML 1.0 cannot represent.
 */
export function escapeXmlText(value: string): string {
  return escape(value, false)
}

/**
 * Escapes a double-quoted attribute value, keeping tabs and newlines through normalisation.
 * @throws TypeError when the value holds a character XML 1.0 cannot represent.
 */
export function escapeXmlAttribute(value: string): string {
  return escape(value, true)
}
