import { escapeXmlAttribute, escapeXmlText } from '../internal/lti11-xml.js'
import {
  type BasicLtiLink,
  basicLtiLinkSchema,
  CARTRIDGE_NAMESPACES,
  type LticmOptions,
} from './schema.js'

const leaf = (tag: string, value: string | undefined, indent: string): string[] =>
  value === undefined ? [] : [`${indent}<${tag}>${escapeXmlText(value)}</${tag}>`]

function propertiesXml(properties: Readonly<Record<string, string>>, indent: string): string[] {
  return Object.entries(properties).map(
    ([name, value]) =>
      `${indent}<lticm:property name="${escapeXmlAttribute(name)}">${escapeXmlText(value)}</lticm:property>`,
  )
}

function optionsXml(group: LticmOptions, indent: string): string[] {
  const nested = Object.entries(group.options ?? {}).flatMap(([name, options]) => [
    `${indent}<lticm:options name="${escapeXmlAttribute(name)}">`,
    ...optionsXml(options, `${indent}  `),
    `${indent}</lticm:options>`,
  ])
  return [...propertiesXml(group.properties, indent), ...nested]
}

/**
 * Writes a `cartridge_basiclti_link` document: children in schema order, every value escaped.
 * @throws TypeError when the link is invalid (missing title, non-http(s) launch URL, non-https
 * secure URL, empty property name) or holds a character XML 1.0 cannot represent.
 * @example
 * const xml = buildBasicLtiLink({ title: 'Quiz tool', launchUrl: 'https://tool.example.com/lti' })
 * @see https://www.imsglobal.org/specs/ltiv1p0/implementation-guide
 */
export function buildBasicLtiLink(link: BasicLtiLink): string {
  const checked = basicLtiLinkSchema.safeParse(link)
  if (!checked.success) throw new TypeError(`Invalid basic LTI link: ${checked.error.message}`)
  const i = '  '
  const custom =
    link.custom === undefined
      ? []
      : [`${i}<blti:custom>`, ...propertiesXml(link.custom, `${i}${i}`), `${i}</blti:custom>`]
  const extensions = (link.extensions ?? []).flatMap((extension) => [
    `${i}<blti:extensions platform="${escapeXmlAttribute(extension.platform)}">`,
    ...optionsXml(extension, `${i}${i}`),
    `${i}</blti:extensions>`,
  ])
  const vendor = link.vendor
  const vendorXml =
    vendor === undefined
      ? []
      : [
          `${i}<blti:vendor>`,
          ...leaf('lticp:code', vendor.code, `${i}${i}`),
          ...leaf('lticp:name', vendor.name, `${i}${i}`),
          ...leaf('lticp:description', vendor.description, `${i}${i}`),
          ...leaf('lticp:url', vendor.url, `${i}${i}`),
          ...(vendor.contactEmail === undefined
            ? []
            : [
                `${i}${i}<lticp:contact>`,
                ...leaf('lticp:email', vendor.contactEmail, `${i}${i}${i}`),
                `${i}${i}</lticp:contact>`,
              ]),
          `${i}</blti:vendor>`,
        ]
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<cartridge_basiclti_link xmlns="${CARTRIDGE_NAMESPACES.cc}"` +
      ` xmlns:blti="${CARTRIDGE_NAMESPACES.blti}"` +
      ` xmlns:lticm="${CARTRIDGE_NAMESPACES.lticm}"` +
      ` xmlns:lticp="${CARTRIDGE_NAMESPACES.lticp}">`,
    ...leaf('blti:title', link.title, i),
    ...leaf('blti:description', link.description, i),
    ...custom,
    ...extensions,
    ...leaf('blti:launch_url', link.launchUrl, i),
    ...leaf('blti:secure_launch_url', link.secureLaunchUrl, i),
    ...leaf('blti:icon', link.icon, i),
    ...leaf('blti:secure_icon', link.secureIcon, i),
    ...vendorXml,
    '</cartridge_basiclti_link>',
    '',
  ].join('\n')
}
