import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DeepLinkingSettingsClaim } from '../claims/deep-linking-settings.js'
import { isLtiError } from '../errors/lti-error.js'
import {
  checkContentItems,
  MAX_CONTENT_ITEMS,
  mediaTypeMatches,
  presentationTargetsOf,
} from './items.js'

const settings: DeepLinkingSettingsClaim = {
  deep_link_return_url: 'https://lms.example/dl',
  accept_types: ['ltiResourceLink', 'link', 'file', 'html', 'https://vendor.example/type'],
  accept_presentation_document_targets: ['iframe'],
  accept_media_types: 'image/*,application/pdf',
  accept_multiple: true,
}

function codeOf(items: unknown[], with_: DeepLinkingSettingsClaim = settings): string {
  try {
    checkContentItems(items, with_)
  } catch (error) {
    if (isLtiError(error)) return `${error.code} ${error.claim ?? ''}`.trim()
    throw error
  }
  return 'accepted'
}

describe('checkContentItems', () => {
  it('accepts valid items of accepted types', () => {
    expect(
      codeOf([
        { type: 'ltiResourceLink', lineItem: { scoreMaximum: 0.5 }, iframe: { height: 10 } },
        {
          type: 'link',
          url: 'https://a.example',
          window: {},
          iframe: { src: 'https://a.example' },
        },
        { type: 'file', url: 'https://a.example/f', mediaType: 'image/png; q=1' },
        { type: 'html', html: '<p>x</p>', 'https://vendor.example/extra': 1 },
        { type: 'https://vendor.example/type', anything: true },
      ]),
    ).toBe('accepted')
  })

  it('item type not in accept_types', () => {
    expect(codeOf([{ type: 'image', url: 'https://a.example/i.png' }])).toBe(
      'ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED content_items[0].type',
    )
    expect(codeOf([{ type: 'LINK', url: 'https://a.example' }])).toBe(
      'ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED content_items[0].type',
    )
  })

  it('more than one item without accept_multiple (false or absent)', () => {
    const two = [
      { type: 'html', html: 'a' },
      { type: 'html', html: 'b' },
    ]
    expect(codeOf(two, { ...settings, accept_multiple: false })).toBe(
      'ERR_LTI_DL_TOO_MANY_ITEMS content_items',
    )
    const absent: DeepLinkingSettingsClaim = { ...settings }
    delete absent.accept_multiple
    expect(codeOf(two, absent)).toBe('ERR_LTI_DL_TOO_MANY_ITEMS content_items')
    expect(codeOf([{ type: 'html', html: 'a' }], absent)).toBe('accepted')
  })

  it.each([[0], [-1], ['5'], [null], [Number.NaN], [undefined]])(
    'lineItem.scoreMaximum %s',
    (scoreMaximum) => {
      expect(codeOf([{ type: 'ltiResourceLink', lineItem: { label: 'x', scoreMaximum } }])).toBe(
        'ERR_LTI_DL_LINE_ITEM_INVALID content_items[0].lineItem.scoreMaximum',
      )
    },
  )

  it.each([
    ['not an object', 'x', 'content_items[0].type'],
    ['an array', [], 'content_items[0].type'],
    ['no type', { url: 'https://a.example' }, 'content_items[0].type'],
    ['link without url', { type: 'link' }, 'content_items[0].url'],
    ['javascript: url', { type: 'link', url: 'javascript:alert(1)' }, 'content_items[0].url'],
    ['html without html', { type: 'html' }, 'content_items[0].html'],
    [
      'bad date',
      { type: 'ltiResourceLink', available: { startDateTime: 'tomorrow' } },
      'content_items[0].available.startDateTime',
    ],
    [
      'custom values not strings',
      { type: 'ltiResourceLink', custom: { a: 1 } },
      'content_items[0].custom.a',
    ],
    [
      'negative icon width',
      { type: 'link', url: 'https://a.example', icon: { url: 'https://a.example/i', width: -1 } },
      'content_items[0].icon.width',
    ],
    [
      'iframe without src on a link',
      { type: 'link', url: 'https://a.example', iframe: {} },
      'content_items[0].iframe.src',
    ],
  ])('malformed item: %s', (_label, item, claim) => {
    expect(codeOf([item])).toBe(`ERR_LTI_DL_CONTENT_ITEM_INVALID ${claim}`)
  })

  it('a custom type accepted but not a URL', () => {
    expect(codeOf([{ type: 'mine' }], { ...settings, accept_types: ['mine'] })).toBe(
      'ERR_LTI_DL_CONTENT_ITEM_INVALID content_items[0].type',
    )
  })

  it('presentation hints, none accepted', () => {
    expect(codeOf([{ type: 'ltiResourceLink', window: { targetName: 'x' } }])).toBe(
      'ERR_LTI_DL_PRESENTATION_NOT_ACCEPTED content_items[0]',
    )
    expect(codeOf([{ type: 'link', url: 'https://a.example', embed: { html: '<b>' } }])).toBe(
      'ERR_LTI_DL_PRESENTATION_NOT_ACCEPTED content_items[0]',
    )
    // One accepted hint among several is enough: the platform picks.
    expect(codeOf([{ type: 'ltiResourceLink', window: {}, iframe: {} }])).toBe('accepted')
  })

  it('file media type outside accept_media_types', () => {
    expect(codeOf([{ type: 'file', url: 'https://a.example/f', mediaType: 'text/html' }])).toBe(
      'ERR_LTI_DL_MEDIA_TYPE_NOT_ACCEPTED content_items[0].mediaType',
    )
    const any: DeepLinkingSettingsClaim = { ...settings }
    delete any.accept_media_types
    expect(
      codeOf([{ type: 'file', url: 'https://a.example/f', mediaType: 'text/html' }], any),
    ).toBe('accepted')
  })

  it('too many items', () => {
    const items = Array.from({ length: MAX_CONTENT_ITEMS + 1 }, () => ({ type: 'html', html: 'x' }))
    expect(codeOf(items)).toBe('ERR_LTI_INPUT_TOO_LARGE content_items')
  })

  it('never crashes on hostile items (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 3 }), (items) => {
        try {
          checkContentItems(items, settings)
        } catch (error) {
          expect(isLtiError(error)).toBe(true)
        }
      }),
    )
  })

  it('never crashes on hostile fields of known types (fast-check)', () => {
    const type = fc.constantFrom('ltiResourceLink', 'link', 'file', 'html')
    const item = fc
      .record({ type })
      .chain((base) =>
        fc
          .dictionary(
            fc.constantFrom(
              'url',
              'lineItem',
              'iframe',
              'window',
              'custom',
              'embed',
              'icon',
              'mediaType',
            ),
            fc.anything(),
          )
          .map((rest) => ({ ...rest, ...base })),
      )
    fc.assert(
      fc.property(item, (value) => {
        try {
          checkContentItems([value], settings)
        } catch (error) {
          expect(isLtiError(error)).toBe(true)
        }
      }),
    )
  })
})

describe('presentationTargetsOf', () => {
  it('lists the hints of links and resource links only', () => {
    expect(
      presentationTargetsOf({ type: 'link', url: 'https://a', embed: { html: '' }, window: {} }),
    ).toEqual(['embed', 'window'])
    expect(presentationTargetsOf({ type: 'html', html: '' })).toEqual([])
  })
})

describe('mediaTypeMatches', () => {
  it.each([
    ['image/png', 'image/*', true],
    ['IMAGE/PNG', 'image/*', true],
    ['application/pdf', 'image/*, application/pdf', true],
    ['text/html; charset=utf-8', 'text/html', true],
    ['text/plain', '*/*', true],
    ['text/plain', 'text/html', false],
    ['imagex/png', 'image/*', false],
    ['text/plain', '', false],
    ['text/plain', ' , ', false],
  ])('%s in %s: %s', (type, accepted, expected) => {
    expect(mediaTypeMatches(type, accepted)).toBe(expected)
  })

  it('a type always matches itself and */* (fast-check)', () => {
    const token = fc.stringMatching(/^[a-z0-9][a-z0-9.+-]{0,10}$/)
    fc.assert(
      fc.property(token, token, (main, sub) => {
        const type = `${main}/${sub}`
        expect(mediaTypeMatches(type, type)).toBe(true)
        expect(mediaTypeMatches(type, `${main}/*`)).toBe(true)
        expect(mediaTypeMatches(type, '*/*')).toBe(true)
      }),
    )
  })
})
