import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { CONTEXT_TYPE, normalizeContextType } from './context-types.js'
import {
  contextClaimSchema,
  customClaimSchema,
  forUserClaimSchema,
  launchPresentationClaimSchema,
  lisClaimSchema,
  lti1p1ClaimSchema,
  resourceLinkClaimSchema,
  roleScopeMentorClaimSchema,
  rolesClaimSchema,
  toolPlatformClaimSchema,
} from './core-claims.js'
import { deepLinkingSettingsClaimSchema } from './deep-linking-settings.js'
import {
  isLaunchMessageType,
  isMessageOfType,
  type LtiDeepLinkingRequest,
  ltiDeepLinkingRequestSchema,
  type LtiLaunchMessage,
  ltiLaunchMessageSchema,
  ltiResourceLinkRequestSchema,
  ltiSubmissionReviewRequestSchema,
} from './messages.js'
import {
  agsEndpointClaimSchema,
  basicOutcomeClaimSchema,
  nrpsClaimSchema,
} from './service-claims.js'
import { CLAIM, MESSAGE_TYPE } from './uris.js'
import { launchView } from './view.js'

const accepts = (schema: z.ZodType, value: unknown) =>
  expect(schema.safeParse(value).success).toBe(true)
const rejects = (schema: z.ZodType, value: unknown) =>
  expect(schema.safeParse(value).success).toBe(false)

const settings = {
  deep_link_return_url: 'https://lms.example/dl/return',
  accept_types: ['ltiResourceLink'],
  accept_presentation_document_targets: ['iframe'],
}

describe('one schema per claim', () => {
  it.each<[string, z.ZodType, unknown[], unknown[]]>([
    [
      'context',
      contextClaimSchema,
      [{ id: 'c1' }, { id: 'c1', label: null, type: [CONTEXT_TYPE.group], vendor: 1 }],
      [{}, { id: '' }, { id: 'c', type: 'Group' }, { id: 'x'.repeat(256) }],
    ],
    [
      'resource_link',
      resourceLinkClaimSchema,
      [{ id: 'r1' }, { id: 'r1', title: 'T', description: null }],
      [{ title: 'T' }, { id: 7 }],
    ],
    [
      'tool_platform',
      toolPlatformClaimSchema,
      [{ guid: 'g' }, { guid: 'g', name: 'LMS', product_family_code: 'canvas' }],
      [{ name: 'LMS' }, { guid: 'x'.repeat(256) }],
    ],
    [
      'launch_presentation',
      launchPresentationClaimSchema,
      [
        {},
        {
          document_target: 'iframe',
          height: 300,
          width: 400,
          return_url: 'https://lms.example/back',
          locale: 'en-US',
        },
      ],
      [{ document_target: 'popup' }, { height: '300' }, { return_url: 'javascript:alert(1)' }],
    ],
    [
      'lis',
      lisClaimSchema,
      [{}, { person_sourcedid: 'p', course_section_sourcedid: 's' }],
      [{ person_sourcedid: 1 }],
    ],
    [
      'custom',
      customClaimSchema,
      [{}, { a: '', b: '$User.id' }],
      [{ a: null }, { a: 1 }, { a: ['x'] }, 'x'],
    ],
    [
      'roles',
      rolesClaimSchema,
      [[], [''], ['Instructor'], ['http://unknown/role#X']],
      ['Instructor', [1], null],
    ],
    ['role_scope_mentor', roleScopeMentorClaimSchema, [[], ['u1', 'u2']], ['u1', [2]]],
    [
      'for_user',
      forUserClaimSchema,
      [{ user_id: 'u' }, { user_id: 'u', roles: [], email: 'a@b.c' }],
      [{}, { user_id: '' }, { user_id: 'u', roles: 'Learner' }],
    ],
    [
      'lti1p1',
      lti1p1ClaimSchema,
      [{}, { user_id: 'u', oauth_consumer_key: 'k', oauth_consumer_key_sign: 's' }],
      [{ user_id: 3 }],
    ],
    [
      'ags endpoint',
      agsEndpointClaimSchema,
      [{ scope: [] }, { scope: ['s'], lineitems: 'https://lms.example/li', lineitem: '' }],
      [{}, { scope: [], lineitems: 'not a url' }, { scope: 's' }],
    ],
    [
      'nrps',
      nrpsClaimSchema,
      [{ context_memberships_url: 'https://lms.example/m', service_versions: ['2.0'] }],
      [
        { context_memberships_url: 'https://lms.example/m' },
        { context_memberships_url: 'https://lms.example/m', service_versions: [] },
        { context_memberships_url: 'file:///etc/passwd', service_versions: ['2.0'] },
      ],
    ],
    [
      'basicoutcome',
      basicOutcomeClaimSchema,
      [{ lis_result_sourcedid: 's', lis_outcome_service_url: 'https://lms.example/pox' }],
      [
        { lis_result_sourcedid: 's' },
        { lis_result_sourcedid: '', lis_outcome_service_url: 'https://lms.example/pox' },
      ],
    ],
    [
      'deep_linking_settings',
      deepLinkingSettingsClaimSchema,
      [
        settings,
        {
          ...settings,
          accept_multiple: false,
          accept_lineitem: true,
          data: 'd',
          accept_media_types: 'image/*',
        },
      ],
      [
        { ...settings, deep_link_return_url: undefined },
        { ...settings, accept_types: 'link' },
        { ...settings, accept_multiple: 'yes' },
        { ...settings, accept_media_types: ['image/*'] },
      ],
    ],
  ])('%s', (_name, schema, valid, invalid) => {
    for (const value of valid) accepts(schema, value)
    for (const value of invalid) rejects(schema, value)
  })

  it('keeps unknown members of an object claim', () => {
    expect(contextClaimSchema.parse({ id: 'c', vendor: { x: 1 } })).toEqual({
      id: 'c',
      vendor: { x: 1 },
    })
  })
})

const core = {
  iss: 'https://lms.example',
  aud: 'client-1',
  exp: 2,
  iat: 1,
  nonce: 'n',
  [CLAIM.version]: '1.3.0',
  [CLAIM.deploymentId]: 'd',
}
const resourceLink = {
  ...core,
  sub: 'u',
  [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
  [CLAIM.targetLinkUri]: 'https://tool.example/',
  [CLAIM.resourceLink]: { id: 'r' },
  [CLAIM.roles]: [],
}
const deepLinking = {
  ...core,
  [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
  [CLAIM.deepLinkingSettings]: settings,
}
const submissionReview = {
  ...resourceLink,
  [CLAIM.messageType]: MESSAGE_TYPE.submissionReview,
  [CLAIM.agsEndpoint]: { scope: [], lineitem: 'https://lms.example/li/1' },
  [CLAIM.forUser]: { user_id: 'learner' },
}

describe('message schemas', () => {
  it('LtiResourceLinkRequest requires target_link_uri, resource_link and roles', () => {
    accepts(ltiResourceLinkRequestSchema, resourceLink)
    for (const claim of [
      CLAIM.targetLinkUri,
      CLAIM.resourceLink,
      CLAIM.roles,
      CLAIM.deploymentId,
      CLAIM.version,
    ]) {
      rejects(ltiResourceLinkRequestSchema, { ...resourceLink, [claim]: undefined })
    }
  })

  it('LtiDeepLinkingRequest requires deep_linking_settings but not sub, roles, target_link_uri or resource_link', () => {
    accepts(ltiDeepLinkingRequestSchema, deepLinking)
    rejects(ltiDeepLinkingRequestSchema, { ...deepLinking, [CLAIM.deepLinkingSettings]: undefined })
  })

  it('LtiSubmissionReviewRequest requires sub, for_user and an AGS lineitem', () => {
    accepts(ltiSubmissionReviewRequestSchema, submissionReview)
    rejects(ltiSubmissionReviewRequestSchema, { ...submissionReview, sub: undefined })
    rejects(ltiSubmissionReviewRequestSchema, { ...submissionReview, [CLAIM.forUser]: undefined })
    rejects(ltiSubmissionReviewRequestSchema, {
      ...submissionReview,
      [CLAIM.agsEndpoint]: { scope: [] },
    })
    rejects(ltiSubmissionReviewRequestSchema, {
      ...submissionReview,
      [CLAIM.agsEndpoint]: { scope: [], lineitem: '' },
    })
  })

  it('the union picks the schema by message_type and refuses others', () => {
    expect(ltiLaunchMessageSchema.parse(deepLinking)[CLAIM.messageType]).toBe(
      MESSAGE_TYPE.deepLinkingRequest,
    )
    rejects(ltiLaunchMessageSchema, {
      ...deepLinking,
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    })
    rejects(ltiLaunchMessageSchema, {
      ...deepLinking,
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    })
  })

  it('ignores but keeps unknown claims', () => {
    const parsed = ltiLaunchMessageSchema.parse({
      ...resourceLink,
      'https://vendor.example/claim': [1],
    })
    expect(parsed['https://vendor.example/claim']).toEqual([1])
  })

  it('isLaunchMessageType knows only the launch types (no prototype keys)', () => {
    expect(isLaunchMessageType(MESSAGE_TYPE.submissionReview)).toBe(true)
    expect(isLaunchMessageType(MESSAGE_TYPE.deepLinkingResponse)).toBe(false)
    expect(isLaunchMessageType('constructor')).toBe(false)
    expect(isLaunchMessageType(7)).toBe(false)
  })

  it('narrows by message type (types)', () => {
    const message: LtiLaunchMessage = ltiLaunchMessageSchema.parse(deepLinking)
    if (isMessageOfType(message, MESSAGE_TYPE.deepLinkingRequest)) {
      expectTypeOf(message).toEqualTypeOf<LtiDeepLinkingRequest>()
      expectTypeOf(message[CLAIM.deepLinkingSettings].deep_link_return_url).toEqualTypeOf<string>()
    } else {
      expect.unreachable()
    }
    expect(isMessageOfType(message, MESSAGE_TYPE.resourceLink)).toBe(false)
  })
})

describe('launchView', () => {
  it('derives the camelCase view of a full resource link launch', () => {
    const message = ltiLaunchMessageSchema.parse({
      ...resourceLink,
      given_name: 'Ada',
      email: 'ada@example.com',
      [CLAIM.roles]: ['Instructor'],
      [CLAIM.context]: {
        id: 'c',
        title: null,
        type: ['urn:lti:context-type:ims/lis/CourseSection', 'vendor-type'],
      },
      [CLAIM.toolPlatform]: { guid: 'g', contact_email: 'ops@example.com' },
      [CLAIM.launchPresentation]: {
        document_target: 'window',
        return_url: 'https://lms.example/back',
      },
      [CLAIM.lis]: { course_offering_sourcedid: 'co' },
      [CLAIM.agsEndpoint]: { scope: ['s'], lineitems: 'https://lms.example/li', lineitem: '' },
      [CLAIM.nrpsService]: {
        context_memberships_url: 'https://lms.example/m',
        service_versions: ['2.0'],
      },
      [CLAIM.basicOutcome]: {
        lis_result_sourcedid: 'src',
        lis_outcome_service_url: 'https://lms.example/pox',
      },
      [CLAIM.lti1p1]: { user_id: 'legacy' },
      [CLAIM.roleScopeMentor]: ['kid-1'],
    })
    const view = launchView(message)
    expect(view).toMatchObject({
      messageType: MESSAGE_TYPE.resourceLink,
      issuer: 'https://lms.example',
      audience: ['client-1'],
      deploymentId: 'd',
      user: { id: 'u', givenName: 'Ada', email: 'ada@example.com', name: undefined },
      roles: ['Instructor'],
      roleScopeMentor: ['kid-1'],
      context: { id: 'c', title: undefined, types: [CONTEXT_TYPE.courseSection] },
      resourceLink: { id: 'r' },
      toolPlatform: { guid: 'g', contactEmail: 'ops@example.com' },
      launchPresentation: { documentTarget: 'window', returnUrl: 'https://lms.example/back' },
      lis: { courseOfferingSourcedId: 'co' },
      ags: { scopes: ['s'], lineItemsUrl: 'https://lms.example/li', lineItemUrl: undefined },
      nrps: { contextMembershipsUrl: 'https://lms.example/m', serviceVersions: ['2.0'] },
      basicOutcome: { resultSourcedId: 'src', outcomeServiceUrl: 'https://lms.example/pox' },
      lti1p1: { userId: 'legacy' },
      deepLinking: undefined,
      forUser: undefined,
      custom: {},
    })
    expect(view.context?.type).toEqual([
      'urn:lti:context-type:ims/lis/CourseSection',
      'vendor-type',
    ])
  })

  it('derives deep linking and submission review parts', () => {
    const dl = launchView(ltiLaunchMessageSchema.parse(deepLinking))
    expect(dl.deepLinking).toEqual({
      returnUrl: settings.deep_link_return_url,
      acceptTypes: ['ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe'],
      acceptMediaTypes: [],
      acceptMultiple: undefined,
      acceptLineItem: undefined,
      autoCreate: false,
      title: undefined,
      text: undefined,
      data: undefined,
    })
    expect(dl.user).toBeUndefined()
    expect(dl.roles).toEqual([])
    const sr = launchView(ltiLaunchMessageSchema.parse(submissionReview))
    expect(sr.forUser).toMatchObject({ id: 'learner', roles: [] })
    expect(sr.resourceLink?.id).toBe('r')
  })
})

describe('normalizeContextType', () => {
  it.each([
    [CONTEXT_TYPE.courseOffering, CONTEXT_TYPE.courseOffering],
    ['CourseOffering', CONTEXT_TYPE.courseOffering],
    ['urn:lti:context-type:ims/lis/Group', CONTEXT_TYPE.group],
    ['CourseTemplate', CONTEXT_TYPE.courseTemplate],
    ['Course', undefined],
    ['urn:lti:context-type:ims/lis/Unknown', undefined],
    ['', undefined],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeContextType(input)).toBe(expected)
  })
})
