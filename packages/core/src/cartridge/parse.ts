import { LtiError } from '../errors/lti-error.js'
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../internal/lti11-xml.js'
import {
  type BasicLtiLink,
  type BasicLtiLinkExtension,
  basicLtiLinkSchema,
  type BasicLtiLinkVendor,
  type LticmOptions,
} from './schema.js'

/** Default limit for a cartridge link document; real ones are a few KiB. */
export const DEFAULT_MAX_CARTRIDGE_BYTES = 256 * 1024

function invalid(claim: string, detail: string): LtiError {
  return new LtiError('ERR_LTI_CARTRIDGE_INVALID_LINK', { claim, detail })
}

function text(parent: XmlElement | undefined, name: string): string | undefined {
  return parent === undefined ? undefined : childNamed(parent, name)?.text
}

/** Reads `lticm:property` children into a record, refusing a repeated or missing name. */
function readProperties(element: XmlElement, claim: string): Record<string, string> {
  const entries = childrenNamed(element, 'property').map((property): [string, string] => {
    const name = property.attributes.get('name')
    if (name === undefined || name === '') throw invalid(claim, 'property without a name')
    return [name, property.text]
  })
  const names = new Set(entries.map(([name]) => name))
  if (names.size !== entries.length) throw invalid(claim, 'a property name repeats')
  // fromEntries defines own properties, so a name such as "__proto__" stays a plain key.
  return Object.fromEntries(entries)
}

function readOptions(element: XmlElement, claim: string): LticmOptions {
  const groups = childrenNamed(element, 'options').map((group): [string, LticmOptions] => {
    const name = group.attributes.get('name')
    if (name === undefined || name === '') throw invalid(claim, 'options without a name')
    return [name, readOptions(group, `${claim}.${name}`)]
  })
  if (new Set(groups.map(([name]) => name)).size !== groups.length) {
    throw invalid(claim, 'an options name repeats')
  }
  const properties = readProperties(element, claim)
  return groups.length === 0 ? { properties } : { properties, options: Object.fromEntries(groups) }
}

function readExtension(element: XmlElement): BasicLtiLinkExtension {
  const platform = element.attributes.get('platform')
  if (platform === undefined || platform === '') throw invalid('extensions', 'no platform')
  return { platform, ...readOptions(element, `extensions.${platform}`) }
}

function readVendor(element: XmlElement | undefined): { vendor?: BasicLtiLinkVendor } {
  if (element === undefined) return {}
  const code = text(element, 'code')
  const name = text(element, 'name')
  if (code === undefined || name === undefined)
    throw invalid('vendor', 'code and name are required')
  const optional = {
    description: text(element, 'description'),
    url: text(element, 'url')?.trim(),
    contactEmail: text(childNamed(element, 'contact'), 'email'),
  }
  const vendor: Record<string, string> = { code, name }
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) vendor[key] = value
  return { vendor: vendor as unknown as BasicLtiLinkVendor }
}

/**
 * Parses a `cartridge_basiclti_link` document (a cartridge's `BasicLTI.xml` or a cartridge URL's
 * body) into a typed link. DOCTYPE and entity declarations are refused; elements are matched by
 * local name. When only `secure_launch_url` is given, it is also the launch URL.
 * @throws LtiError ERR_LTI_CARTRIDGE_INVALID_LINK, ERR_LTI_MALFORMED_XML or ERR_LTI_INPUT_TOO_LARGE.
 * @see https://www.imsglobal.org/specs/ltiv1p0/implementation-guide
 */
export function parseBasicLtiLink(
  xml: string | Uint8Array,
  options: { readonly maxBytes?: number } = {},
): BasicLtiLink {
  const root = parseXml(xml, { maxBytes: options.maxBytes ?? DEFAULT_MAX_CARTRIDGE_BYTES })
  if (root.name !== 'cartridge_basiclti_link') {
    throw new LtiError('ERR_LTI_MALFORMED_XML', { detail: `root <${root.name.slice(0, 64)}>` })
  }
  const url = (name: string) => text(root, name)?.trim()
  const secureLaunchUrl = url('secure_launch_url')
  const launchUrl = url('launch_url') ?? secureLaunchUrl
  const custom = childNamed(root, 'custom')
  const extensions = childrenNamed(root, 'extensions').map(readExtension)
  const fields = {
    title: text(root, 'title'),
    description: text(root, 'description'),
    launchUrl,
    secureLaunchUrl,
    icon: url('icon'),
    secureIcon: url('secure_icon'),
  }
  const link: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) link[key] = value
  if (custom !== undefined) link.custom = readProperties(custom, 'custom')
  if (extensions.length > 0) link.extensions = extensions
  Object.assign(link, readVendor(childNamed(root, 'vendor')))
  const checked = basicLtiLinkSchema.safeParse(link)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw invalid(issue?.path.map(String).join('.') ?? 'link', issue?.message ?? 'invalid')
  }
  // The validated input (not zod's copy) is returned: it keeps every property name as an own key.
  return link as unknown as BasicLtiLink
}
