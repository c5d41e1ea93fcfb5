import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeEntities,
  escapeXmlAttribute,
  escapeXmlText,
  hasForbiddenXmlChar,
  parseXml,
} from './lti11-xml.js'

const options = { maxBytes: 4096 }
const xmlString = fc
  .string({ unit: 'binary', maxLength: 40 })
  .filter((s) => !hasForbiddenXmlChar(s))

describe('parseXml', () => {
  it('round-trips escaped text and attributes exactly', () => {
    fc.assert(
      fc.property(xmlString, xmlString, (text, attribute) => {
        const root = parseXml(
          `<a:r xmlns:a="urn:a" a:k="${escapeXmlAttribute(attribute)}">${escapeXmlText(text)}</a:r>`,
          options,
        )
        expect(root.name).toBe('r')
        expect(root.text).toBe(text)
        expect(root.attributes.get('k')).toBe(attribute)
        expect(root.attributes.has('a')).toBe(false)
      }),
    )
  })

  it('keeps CDATA literal and decodes entities once', () => {
    const root = parseXml('<r>&amp;lt;<![CDATA[&lt;]]>&#x41;&#66;</r>', options)
    expect(root.text).toBe('&lt;&lt;AB')
  })

  it('normalises literal white space in attributes and CRLF in text', () => {
    const root = parseXml('<r k="a\tb\nc">x\r\ny\rz</r>', options)
    expect(root.attributes.get('k')).toBe('a b c')
    expect(root.text).toBe('x\ny\nz')
  })

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['an ENTITY declaration', '<r><!ENTITY x "y"></r>'],
    ['an undeclared entity', '<r>&x;</r>'],
    ['a bare ampersand', '<r>a & b</r>'],
    ['a reference to NUL', '<r>&#0;</r>'],
    ['a reference beyond Unicode', '<r>&#x110000;</r>'],
    ['a reference to a surrogate', '<r>&#xD800;</r>'],
    ['a control character', '<r>\u0007</r>'],
    ['a lone surrogate', '<r>\ud800</r>'],
    ['"<" in an attribute', '<r k="<"/>'],
    ['no root', ''],
    ['two roots', '<r/><s/>'],
    ['text after the root', '<r/>x'],
    ['text after the root and a comment', '<r/> x <!-- c -->'],
    ['a mismatched tag', '<r></s>'],
    ['a prototype-polluting name', '<r><__proto__/></r>'],
    ['a double prefix', '<a:b:c/>'],
    ['too deep nesting', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`],
  ])('refuses %s', (_label, xml) => {
    expect(() => parseXml(xml, options)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_MALFORMED_XML' }),
    )
  })

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseXml(new Uint8Array([0x3c, 0x72, 0xff, 0x2f, 0x3e]), options)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_MALFORMED_XML' }),
    )
  })

  it('refuses a document over the byte limit, counting UTF-8 bytes', () => {
    expect(() => parseXml(`<r>${'☃'.repeat(2000)}</r>`, options)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INPUT_TOO_LARGE' }),
    )
  })

  it('decodeEntities leaves plain text alone', () => {
    expect(decodeEntities('plain text')).toBe('plain text')
  })

  it('escape refuses characters XML cannot carry', () => {
    expect(() => escapeXmlText('\u0000')).toThrow(TypeError)
    expect(() => escapeXmlAttribute('\ud800')).toThrow(TypeError)
  })
})
