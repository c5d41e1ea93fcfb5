import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { hasForbiddenXmlChar } from '../internal/lti11-xml.js'
import { buildBasicLtiLink } from './build.js'
import { parseBasicLtiLink } from './parse.js'
import type { BasicLtiLink, LticmOptions } from './schema.js'

const canvasStyle = readFileSync(
  new URL('./vectors/canvas-style-link.xml', import.meta.url),
  'utf8',
)

function expectCode(fn: () => unknown, code: LtiErrorCode, claim?: string) {
  expect(fn).toThrow(expect.objectContaining({ code, ...(claim === undefined ? {} : { claim }) }))
}

const minimal = (body: string) =>
  `<cartridge_basiclti_link xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0">${body}</cartridge_basiclti_link>`

describe('parseBasicLtiLink', () => {
  it('reads a Canvas-style cartridge link with nested options, ignoring bundle elements', () => {
    expect(parseBasicLtiLink(canvasStyle)).toEqual({
      title: 'Example Quiz Tool',
      description: 'Quizzes & polls for <any> course',
      launchUrl: 'http://tool.example.com/lti/launch',
      secureLaunchUrl: 'https://tool.example.com/lti/launch',
      icon: 'http://tool.example.com/icon.png',
      secureIcon: 'https://tool.example.com/icon.png',
      custom: { chapter: '3', due: '$ResourceLink.submission.endDateTime' },
      extensions: [
        {
          platform: 'canvas.instructure.com',
          properties: { privacy_level: 'public', selection_width: '800' },
          options: {
            course_navigation: {
              properties: { enabled: 'true' },
              options: { labels: { properties: { en: 'Quizzes' } } },
            },
          },
        },
      ],
      vendor: {
        code: 'example',
        name: 'Example Inc.',
        url: 'https://example.com/',
        contactEmail: 'lti@example.com',
      },
    })
  })

  it('uses secure_launch_url as the launch URL when it is the only one', () => {
    const link = parseBasicLtiLink(
      minimal(
        '<blti:title>T</blti:title><blti:secure_launch_url>https://t.example/l</blti:secure_launch_url>',
      ),
    )
    expect(link.launchUrl).toBe('https://t.example/l')
  })

  it.each([
    ['no title', '<blti:launch_url>https://t.example/l</blti:launch_url>', 'title'],
    ['no launch URL', '<blti:title>T</blti:title>', 'launchUrl'],
    [
      'a javascript: launch URL',
      '<blti:title>T</blti:title><blti:launch_url>javascript:alert(1)</blti:launch_url>',
      'launchUrl',
    ],
    [
      'an http secure_launch_url',
      '<blti:title>T</blti:title><blti:launch_url>https://t.example/</blti:launch_url><blti:secure_launch_url>http://t.example/</blti:secure_launch_url>',
      'secureLaunchUrl',
    ],
    [
      'a repeated custom property',
      '<blti:title>T</blti:title><blti:launch_url>https://t.example/</blti:launch_url><blti:custom><lticm:property name="a">1</lticm:property><lticm:property name="a">2</lticm:property></blti:custom>',
      'custom',
    ],
    [
      'a property without a name',
      '<blti:title>T</blti:title><blti:launch_url>https://t.example/</blti:launch_url><blti:custom><lticm:property>1</lticm:property></blti:custom>',
      'custom',
    ],
    [
      'extensions without a platform',
      '<blti:title>T</blti:title><blti:launch_url>https://t.example/</blti:launch_url><blti:extensions><lticm:property name="a">1</lticm:property></blti:extensions>',
      'extensions',
    ],
    [
      'a vendor without a name',
      '<blti:title>T</blti:title><blti:launch_url>https://t.example/</blti:launch_url><blti:vendor><lticp:code xmlns:lticp="x">c</lticp:code></blti:vendor>',
      'vendor',
    ],
  ])('refuses a link with %s', (_label, body, claim) => {
    expectCode(() => parseBasicLtiLink(minimal(body)), 'ERR_LTI_CARTRIDGE_INVALID_LINK', claim)
  })

  it.each([
    ['another root', '<manifest/>'],
    ['unclosed elements', '<cartridge_basiclti_link><blti:title>'],
    ['two titles', minimal('<blti:title>a</blti:title><blti:title>b</blti:title>')],
    [
      'billion laughs',
      '<!DOCTYPE c [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><cartridge_basiclti_link><blti:title>&b;</blti:title></cartridge_basiclti_link>',
    ],
    [
      'an external entity',
      '<!DOCTYPE c SYSTEM "http://evil.example/x.dtd"><cartridge_basiclti_link/>',
    ],
    ['an undeclared entity', minimal('<blti:title>&nbsp;</blti:title>')],
  ])('refuses %s as malformed XML', (_label, xml) => {
    expectCode(() => parseBasicLtiLink(xml), 'ERR_LTI_MALFORMED_XML')
  })

  it('refuses an oversize document', () => {
    expectCode(() => parseBasicLtiLink(canvasStyle, { maxBytes: 512 }), 'ERR_LTI_INPUT_TOO_LARGE')
  })
})

describe('buildBasicLtiLink', () => {
  it('writes the namespaces and escapes every value', () => {
    const xml = buildBasicLtiLink({
      title: 'A <b> & "c"',
      launchUrl: 'https://tool.example.com/launch?a=1&b=2',
      custom: { 'x"y': "it's" },
    })
    expect(xml).toContain('xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"')
    expect(xml).toContain('xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0"')
    expect(xml).toContain('xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0"')
    expect(xml).toContain('xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0"')
    expect(xml).toContain('<blti:title>A &lt;b&gt; &amp; "c"</blti:title>')
    expect(xml).toContain(
      '<blti:launch_url>https://tool.example.com/launch?a=1&amp;b=2</blti:launch_url>',
    )
    expect(xml).toContain('<lticm:property name="x&quot;y">it\'s</lticm:property>')
  })

  it('round-trips the Canvas-style example', () => {
    const link = parseBasicLtiLink(canvasStyle)
    expect(parseBasicLtiLink(buildBasicLtiLink(link))).toEqual(link)
  })

  it.each<[string, Partial<BasicLtiLink>]>([
    ['an empty title', { title: '' }],
    ['a javascript: launch URL', { launchUrl: 'javascript:alert(1)' }],
    ['an http secure icon', { secureIcon: 'http://t.example/i.png' }],
    ['an empty property name', { custom: { '': 'x' } }],
    ['a control character', { title: 'a\u0001b' }],
    ['an unknown field', { extra: 1 } as Partial<BasicLtiLink>],
  ])('throws TypeError on %s', (_label, override) => {
    expect(() =>
      buildBasicLtiLink({ title: 'T', launchUrl: 'https://t.example/', ...override }),
    ).toThrow(TypeError)
  })
})

describe('build → parse round trip (property)', () => {
  // Any string XML 1.0 can carry: no C0 controls but tab, LF, CR; no U+FFFE/U+FFFF.
  const xmlChars = fc
    .string({ unit: 'binary', maxLength: 24 })
    .filter((s) => !hasForbiddenXmlChar(s))
  const tricky = fc.oneof(
    xmlChars,
    fc.constantFrom('<&>"\'', ' lead', 'trail ', '\r\n\t', ']]>', '&amp;', '😀☃'),
  )
  const name = fc.oneof(tricky, fc.constantFrom('__proto__', 'constructor')).filter((s) => s !== '')
  const record = fc.dictionary(name, tricky, { maxKeys: 4 })
  const options: fc.Arbitrary<LticmOptions> = fc
    .letrec<{ node: LticmOptions }>((tie) => ({
      node: fc.record(
        {
          properties: record,
          options: fc.dictionary(name, tie('node'), { maxKeys: 2, depthIdentifier: 'o' }),
        },
        { requiredKeys: ['properties'] },
      ),
    }))
    .node.map(dropEmptyOptions)
  const url = fc.webUrl({ withQueryParameters: true, withFragments: true })
  const secure = fc.webUrl({ validSchemes: ['https'], withQueryParameters: true })
  const link: fc.Arbitrary<BasicLtiLink> = fc.record(
    {
      title: tricky.filter((s) => s !== ''),
      description: tricky,
      launchUrl: url,
      secureLaunchUrl: secure,
      icon: url,
      secureIcon: secure,
      custom: record,
      extensions: fc.array(
        fc.tuple(name, options).map(([platform, group]) => ({ platform, ...group })),
        { minLength: 1, maxLength: 2 },
      ),
      vendor: fc.record(
        { code: name, name, description: tricky, url, contactEmail: tricky },
        { requiredKeys: ['code', 'name'] },
      ),
    },
    { requiredKeys: ['title', 'launchUrl'] },
  )

  it('parse(build(link)) equals link', () => {
    fc.assert(
      fc.property(link, (value) => {
        expect(parseBasicLtiLink(buildBasicLtiLink(value))).toEqual(value)
      }),
      { numRuns: 300 },
    )
  })
})

function dropEmptyOptions(group: LticmOptions): LticmOptions {
  const nested = Object.entries(group.options ?? {})
  if (nested.length === 0) return { properties: group.properties }
  return {
    properties: group.properties,
    options: Object.fromEntries(nested.map(([key, value]) => [key, dropEmptyOptions(value)])),
  }
}
