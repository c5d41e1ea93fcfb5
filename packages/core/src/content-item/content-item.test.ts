import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { signLti11Form } from '../oauth1/lti11-platform.js'
import { MemoryNonceStore } from '../ports.js'
import { toDeepLinkingItem } from './mapping.js'
import {
  buildContentItemSelectionRequest,
  parseContentItems,
  verifyContentItemSelection,
} from './platform.js'
import { CONTENT_ITEM_CONTEXT, type ContentItem, type ContentItemSettings } from './schema.js'
import { buildContentItemSelection, verifyContentItemRequest } from './tool.js'
import example from './vectors/section-19-example.json' with { type: 'json' }

const NOW = 1_700_000_000_000
const clock = () => NOW
const TOOL_URL = 'https://tool.example.com/lti/select'
const RETURN_URL = 'https://lms.example.com/content-item/return?course=7'
const credentials = { consumerKey: 'key', secret: 'secret', clock }

const deps = () => ({
  lookupConsumerSecret: (key: string) => Promise.resolve(key === 'key' ? 'secret' : undefined),
  nonceStore: new MemoryNonceStore(clock),
  clock,
})

function post(url: string, fields: ReadonlyArray<readonly [string, string]>) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields.map(([name, value]) => [name, value])).toString(),
  })
}

async function expectCode(promise: Promise<unknown>, code: LtiErrorCode, claim?: string) {
  await expect(promise).rejects.toMatchObject({ name: 'LtiError', code })
  if (claim !== undefined) await expect(promise).rejects.toMatchObject({ claim })
}

const items: ContentItem[] = [
  {
    '@type': 'LtiLinkItem',
    mediaType: 'application/vnd.ims.lti.v1.ltilink',
    url: 'https://tool.example.com/lti/launch?item=1',
    title: 'Quiz <1> & "more"',
    custom: { item: '1' },
    lineItem: { label: 'Quiz 1', scoreConstraints: { normalMaximum: 10 } },
    placementAdvice: { presentationDocumentTarget: 'window', windowTarget: 'quiz' },
  },
  { '@type': 'ContentItem', mediaType: 'text/html', text: '<p>Hello</p>', title: 'Fragment' },
  {
    '@type': 'ContentItem',
    mediaType: 'image/png',
    url: 'https://tool.example.com/cat.png',
    placementAdvice: { presentationDocumentTarget: 'embed', displayWidth: 40, displayHeight: 30 },
  },
  {
    '@type': 'FileItem',
    mediaType: 'application/pdf',
    url: 'https://tool.example.com/a.pdf',
    copyAdvice: true,
    expiresAt: '2030-03-06T20:05:02Z',
  },
  { '@type': 'ContentItem', mediaType: 'text/html', url: 'https://example.org/page' },
]

async function selectionRequest(
  overrides: Partial<Parameters<typeof buildContentItemSelectionRequest>[0]> = {},
) {
  return buildContentItemSelectionRequest({
    launchUrl: TOOL_URL,
    ...credentials,
    contentItemReturnUrl: RETURN_URL,
    acceptMediaTypes: [
      'application/vnd.ims.lti.v1.ltilink',
      'image/*',
      'text/html',
      'application/pdf',
    ],
    acceptPresentationDocumentTargets: ['iframe', 'window', 'embed'],
    acceptMultiple: true,
    data: 'state-123',
    params: { user_id: 'u-1', roles: 'Instructor', context_id: 'c-1' },
    custom: { Mode: 'pick' },
    ...overrides,
  })
}

const settings = (extra: Partial<ContentItemSettings> = {}): ContentItemSettings => ({
  acceptMediaTypes: ['*/*'],
  acceptPresentationDocumentTargets: ['iframe'],
  contentItemReturnUrl: RETURN_URL,
  acceptMultiple: true,
  acceptUnsigned: false,
  acceptCopyAdvice: false,
  autoCreate: false,
  canConfirm: false,
  data: 'state-123',
  ...extra,
})

describe('Content-Item round trip: platform → tool → platform', () => {
  it('selects items and maps them to Deep Linking 2.0', async () => {
    const outbound = await selectionRequest()
    const received = await verifyContentItemRequest(post(outbound.url, outbound.fields), deps())
    expect(received).toMatchObject({
      messageType: 'ContentItemSelectionRequest',
      consumerKey: 'key',
      user: { id: 'u-1', roles: ['Instructor'] },
      context: { id: 'c-1' },
      custom: { mode: 'pick' },
      settings: {
        acceptMediaTypes: [
          'application/vnd.ims.lti.v1.ltilink',
          'image/*',
          'text/html',
          'application/pdf',
        ],
        acceptPresentationDocumentTargets: ['iframe', 'window', 'embed'],
        contentItemReturnUrl: RETURN_URL,
        acceptMultiple: true,
        acceptUnsigned: false,
        data: 'state-123',
      },
    })
    const back = await buildContentItemSelection({
      settings: received.settings,
      items,
      ...credentials,
      ltiMsg: 'Added 5 items',
    })
    expect(back.url).toBe(RETURN_URL)
    const selection = await verifyContentItemSelection(post(back.url, back.fields), {
      ...deps(),
      expected: { data: 'state-123', acceptMediaTypes: received.settings.acceptMediaTypes },
    })
    expect(selection.items).toEqual(items)
    expect(selection).toMatchObject({
      consumerKey: 'key',
      data: 'state-123',
      ltiMsg: 'Added 5 items',
    })
    expect(selection.deepLinkingItems).toEqual([
      {
        type: 'ltiResourceLink',
        url: 'https://tool.example.com/lti/launch?item=1',
        title: 'Quiz <1> & "more"',
        custom: { item: '1' },
        lineItem: { label: 'Quiz 1', scoreMaximum: 10 },
        window: { targetName: 'quiz' },
      },
      { type: 'html', html: '<p>Hello</p>', title: 'Fragment' },
      { type: 'image', url: 'https://tool.example.com/cat.png', width: 40, height: 30 },
      {
        type: 'file',
        url: 'https://tool.example.com/a.pdf',
        mediaType: 'application/pdf',
        expiresAt: '2030-03-06T20:05:02Z',
      },
      { type: 'link', url: 'https://example.org/page' },
    ])
  })

  it('a cancelled selection (no content_items) gives no items', async () => {
    const back = await buildContentItemSelection({
      settings: settings(),
      items: [],
      ...credentials,
    })
    const withoutItems = back.fields.filter(([name]) => name !== 'content_items')
    const resigned = await signLti11Form({
      url: RETURN_URL,
      params: withoutItems.filter(([name]) => !name.startsWith('oauth_')),
      ...credentials,
    })
    const selection = await verifyContentItemSelection(post(RETURN_URL, resigned.fields), deps())
    expect(selection.items).toEqual([])
  })

  it('round-trips arbitrary titles, texts, custom values and data; refuses reserved names', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 30 })
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        fc.dictionary(fc.string({ minLength: 1 }), text),
        text,
        async (title, body, custom, data) => {
          const item: ContentItem = {
            '@type': 'LtiLinkItem',
            mediaType: 'application/vnd.ims.lti.v1.ltilink',
            title,
            text: body,
            custom,
          }
          const roundTrip = async () => {
            const back = await buildContentItemSelection({
              settings: settings({ data }),
              items: [item],
              ...credentials,
            })
            return verifyContentItemSelection(post(back.url, back.fields), {
              ...deps(),
              expected: { data },
            })
          }
          const reserved = ['__proto__', 'constructor', 'prototype']
          if (reserved.some((name) => Object.hasOwn(custom, name))) {
            await expect(roundTrip()).rejects.toThrow()
          } else {
            expect((await roundTrip()).items).toEqual([item])
          }
        },
      ),
      { numRuns: 50 },
    )
  })
})

describe('reserved custom parameter names', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s instead of dropping it',
    (name) => {
      const json = `{"@context":"${CONTENT_ITEM_CONTEXT}","@graph":[{"@type":"LtiLinkItem","mediaType":"application/vnd.ims.lti.v1.ltilink","title":"t","custom":{"${name}":"x"}}]}`
      expect(() => parseContentItems(json)).toThrow(
        expect.objectContaining({ code: 'ERR_LTI_INVALID_PAYLOAD' }),
      )
    },
  )
})

describe('section 19.2 example', () => {
  it('parses and maps as the DL 1.0 → 2.0 table says', () => {
    const parsed = parseContentItems(JSON.stringify(example.contentItems))
    expect(parsed.map(toDeepLinkingItem)).toEqual(example.deepLinkingItems)
  })

  it('accepts @context as an array holding the Content-Item context', () => {
    const value = { ...example.contentItems, '@context': [CONTENT_ITEM_CONTEXT, { x: 'y' }] }
    expect(parseContentItems(JSON.stringify(value))).toHaveLength(1)
  })
})

describe('verifyContentItemRequest refuses', () => {
  it.each([
    ['accept_media_types', ''],
    ['accept_presentation_document_targets', 'iframe,sidebar'],
    ['accept_multiple', 'yes'],
    ['content_item_return_url', 'javascript:alert(1)'],
    ['content_item_return_url', undefined],
  ])('%s=%j', async (name, value) => {
    const outbound = await selectionRequest()
    const params = outbound.fields
      .filter(([key]) => !key.startsWith('oauth_') && (value !== undefined || key !== name))
      .map(([key, old]): [string, string] => [key, key === name ? (value ?? '') : old])
    const resigned = await signLti11Form({ url: TOOL_URL, params, ...credentials })
    await expectCode(
      verifyContentItemRequest(post(TOOL_URL, resigned.fields), deps()),
      'ERR_LTI_LTI11_INVALID_PARAMETER',
      name,
    )
  })

  it('a basic launch sent to the selection endpoint', async () => {
    const launch = await signLti11Form({
      url: TOOL_URL,
      params: {
        lti_message_type: 'basic-lti-launch-request',
        lti_version: 'LTI-1p0',
        resource_link_id: 'r',
      },
      ...credentials,
    })
    await expectCode(
      verifyContentItemRequest(post(TOOL_URL, launch.fields), deps()),
      'ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE',
    )
  })

  it('a request signed with another secret', async () => {
    const outbound = await selectionRequest({ secret: 'other' })
    await expectCode(
      verifyContentItemRequest(post(outbound.url, outbound.fields), deps()),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
  })
})

describe('verifyContentItemSelection refuses', () => {
  async function selection(contentItems: string, extra: Array<[string, string]> = []) {
    const form = await signLti11Form({
      url: RETURN_URL,
      params: [
        ['lti_message_type', 'ContentItemSelection'],
        ['lti_version', 'LTI-1p0'],
        ['content_items', contentItems],
        ['data', 'state-123'],
        ...extra,
      ],
      ...credentials,
    })
    return post(RETURN_URL, form.fields)
  }
  const graph = (...entries: unknown[]) =>
    JSON.stringify({ '@context': CONTENT_ITEM_CONTEXT, '@graph': entries })
  const link = { '@type': 'LtiLinkItem', mediaType: 'application/vnd.ims.lti.v1.ltilink' }

  it('a data value that was not echoed', async () => {
    await expectCode(
      verifyContentItemSelection(await selection(graph(link)), {
        ...deps(),
        expected: { data: 'other' },
      }),
      'ERR_LTI_CONTENT_ITEM_DATA_MISMATCH',
      'data',
    )
  })

  it('several items when accept_multiple was false', async () => {
    await expectCode(
      verifyContentItemSelection(await selection(graph(link, link)), {
        ...deps(),
        expected: { acceptMultiple: false },
      }),
      'ERR_LTI_CONTENT_ITEM_NOT_ACCEPTED',
    )
  })

  it('a media type that was not accepted', async () => {
    const pdf = {
      '@type': 'FileItem',
      mediaType: 'application/pdf',
      url: 'https://t.example/a.pdf',
    }
    await expectCode(
      verifyContentItemSelection(await selection(graph(pdf)), {
        ...deps(),
        expected: { acceptMediaTypes: ['image/*', 'application/vnd.ims.lti.v1.ltilink'] },
      }),
      'ERR_LTI_CONTENT_ITEM_NOT_ACCEPTED',
    )
  })

  it('malformed JSON', async () => {
    await expectCode(
      verifyContentItemSelection(await selection('{"@graph": ['), deps()),
      'ERR_LTI_MALFORMED_JSON',
      'content_items',
    )
  })

  it.each([
    ['a javascript: url', { ...link, url: 'javascript:alert(1)' }],
    ['an unknown @type', { '@type': 'Widget', mediaType: 'x/y' }],
    ['no @type', { mediaType: 'text/html', url: 'https://a.example/' }],
    ['a ContentItem without url or html', { '@type': 'ContentItem', mediaType: 'image/png' }],
    ['a string width', { ...link, icon: { '@id': 'https://a.example/i.png', width: '50' } }],
    ['a number custom value', { ...link, custom: { n: 1 } }],
    [
      'a bad expiresAt',
      { '@type': 'FileItem', mediaType: 'a/b', url: 'https://a.example/f', expiresAt: 'soon' },
    ],
  ])('an item with %s', async (_label, item) => {
    await expectCode(
      verifyContentItemSelection(await selection(graph(item)), deps()),
      'ERR_LTI_INVALID_PAYLOAD',
    )
  })

  it('a wrong @context', async () => {
    const json = JSON.stringify({ '@context': 'http://example.com/ctx', '@graph': [] })
    await expectCode(
      verifyContentItemSelection(await selection(json), deps()),
      'ERR_LTI_INVALID_PAYLOAD',
      'content_items.@context',
    )
  })

  it('more than 100 items', async () => {
    await expectCode(
      verifyContentItemSelection(
        await selection(graph(...Array.from({ length: 101 }, () => link))),
        deps(),
      ),
      'ERR_LTI_INPUT_TOO_LARGE',
    )
  })

  it('tampered content_items', async () => {
    const request = await selection(graph(link))
    const body = new URLSearchParams(await request.text())
    body.set('content_items', graph({ ...link, url: 'https://evil.example/' }))
    await expectCode(
      verifyContentItemSelection(post(RETURN_URL, [...body]), deps()),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
  })

  it('a selection request posted back as a response', async () => {
    const outbound = await selectionRequest()
    await expectCode(
      verifyContentItemSelection(post(outbound.url, outbound.fields), {
        ...deps(),
        url: outbound.url,
      }),
      'ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE',
    )
  })
})

describe('builders refuse misuse with TypeError', () => {
  it('several items without accept_multiple', async () => {
    await expect(
      buildContentItemSelection({
        settings: settings({ acceptMultiple: false }),
        items,
        ...credentials,
      }),
    ).rejects.toThrow(TypeError)
  })

  it('an item of a media type not accepted', async () => {
    await expect(
      buildContentItemSelection({
        settings: settings({ acceptMediaTypes: ['image/*'] }),
        items: [items[0] as ContentItem],
        ...credentials,
      }),
    ).rejects.toThrow(TypeError)
  })

  it('an invalid item', async () => {
    const bad = { '@type': 'FileItem', mediaType: 'a/b', url: 'ftp://x' } as unknown as ContentItem
    await expect(
      buildContentItemSelection({ settings: settings(), items: [bad], ...credentials }),
    ).rejects.toThrow(TypeError)
  })

  it('a request with nothing accepted or a reserved parameter', async () => {
    await expect(selectionRequest({ acceptMediaTypes: [] })).rejects.toThrow(TypeError)
    await expect(selectionRequest({ params: { data: 'x' } })).rejects.toThrow(TypeError)
    await expect(selectionRequest({ contentItemReturnUrl: 'javascript:x' })).rejects.toThrow(
      TypeError,
    )
  })
})
