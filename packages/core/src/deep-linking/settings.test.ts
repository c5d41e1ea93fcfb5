import { describe, expect, it } from 'vitest'
import { deepLinkingSettingsClaimSchema } from '../claims/deep-linking-settings.js'
import { buildDeepLinkingSettings } from './settings.js'
import tv12 from './vectors/tv-12-deep-linking.json' with { type: 'json' }

describe('buildDeepLinkingSettings', () => {
  it('writes the TV-12 settings claim', () => {
    const claim = buildDeepLinkingSettings({
      deepLinkReturnUrl: tv12.settings.deep_link_return_url,
      acceptTypes: ['link', 'file', 'html', 'ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
      acceptMediaTypes: ['image/*', 'text/html', 'application/json'],
      acceptMultiple: true,
      autoCreate: true,
      title: tv12.settings.title,
      text: tv12.settings.text,
      data: tv12.settings.data,
    })
    expect(claim).toEqual(tv12.settings)
    expect(deepLinkingSettingsClaimSchema.parse(claim)).toEqual(claim)
  })

  it('leaves optional members out and accepts custom URL types', () => {
    expect(
      buildDeepLinkingSettings({
        deepLinkReturnUrl: 'https://lms.example/dl',
        acceptTypes: ['ltiResourceLink', 'https://vendor.example/type'],
        acceptPresentationDocumentTargets: [],
        acceptLineItem: false,
        acceptMediaTypes: 'image/*',
      }),
    ).toEqual({
      deep_link_return_url: 'https://lms.example/dl',
      accept_types: ['ltiResourceLink', 'https://vendor.example/type'],
      accept_presentation_document_targets: [],
      accept_lineitem: false,
      accept_media_types: 'image/*',
    })
  })

  it.each([
    ['no types', { acceptTypes: [] }],
    ['an unknown type', { acceptTypes: ['video'] }],
    ['an unknown target', { acceptPresentationDocumentTargets: ['popup'] }],
    ['a non-web return URL', { deepLinkReturnUrl: 'javascript:alert(1)' }],
  ])('rejects %s with TypeError', (_label, override) => {
    const base = {
      deepLinkReturnUrl: 'https://lms.example/dl',
      acceptTypes: ['link'],
      acceptPresentationDocumentTargets: ['iframe'],
    }
    expect(() =>
      buildDeepLinkingSettings({ ...base, ...override } as Parameters<
        typeof buildDeepLinkingSettings
      >[0]),
    ).toThrow(TypeError)
  })
})
