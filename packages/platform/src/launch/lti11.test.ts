import { beforeEach, describe, expect, it } from 'vitest'
import { MemoryNonceStore, verifyLti11Launch } from '../internal/core.js'
import { isPlatformError } from '../errors.js'
import { formPost, readAutoPost } from '../testing/test-tool.js'
import {
  createWorld,
  PLATFORM_BASE,
  TOOL_ORIGIN,
  type World,
  WORLD_LINK,
  worldConnection,
} from '../testing/world.js'
import { buildLti11LaunchForm, lti11LaunchResponse } from './lti11.js'

let world: World

beforeEach(async () => {
  world = await createWorld()
})

const target = { kind: 'resource-link', resourceLinkId: WORLD_LINK.id } as const

/** Verifies the form as an LTI 1.1 tool does, with the shared secret. */
async function verifyAsTool(
  form: { url: string; fields: Array<[string, string]> },
  secret = 'quizzly-secret',
) {
  const launch = await verifyLti11Launch(formPost(form.url, Object.fromEntries(form.fields)), {
    lookupConsumerSecret: (key) => Promise.resolve(key === 'quizzly-key' ? secret : undefined),
    nonceStore: new MemoryNonceStore(world.deps.clock),
    clock: world.deps.clock,
  })
  return { launch, fields: Object.fromEntries(form.fields) }
}

describe('buildLti11LaunchForm', () => {
  it('signs a launch a tool verifies, with score passback parameters for a learner', async () => {
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'iframe',
    })
    expect(form.url).toBe(`${TOOL_ORIGIN}/lti11/launch`)
    const { fields } = await verifyAsTool(form)
    expect(fields).toMatchObject({
      lti_message_type: 'basic-lti-launch-request',
      lti_version: 'LTI-1p0',
      resource_link_id: WORLD_LINK.id,
      user_id: 'legacy-sam',
      roles: expect.stringContaining('urn:lti:role:ims/lis/Learner') as unknown,
      lis_person_name_full: 'Sam Student',
      lis_person_contact_email_primary: 'sam@lms.example.edu',
      context_id: 'ctx-bio-2',
      lis_outcome_service_url: `${PLATFORM_BASE}/lti/outcomes`,
      custom_section_history: 'ctx-bio-1,ctx-bio-0',
      custom_link_history: 'rl-quiz-7-2024,rl%2Cquiz-2023',
      tool_consumer_instance_guid: 'lms-example-district',
      launch_presentation_document_target: 'iframe',
    })
    const binding = await world.sourcedIds.resolve(fields.lis_result_sourcedid ?? '')
    expect(binding).toEqual({
      connectionId: 'conn-quiz',
      resourceLinkId: WORLD_LINK.id,
      userId: 'u-student',
    })
  })

  it('fails verification with another secret (the signature is real)', async () => {
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'iframe',
    })
    await expect(verifyAsTool(form, 'wrong-secret')).rejects.toMatchObject({
      code: 'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    })
  })

  it('sends no outcome service to teachers or without score passback', async () => {
    const teacher = await buildLti11LaunchForm(world.deps, {
      userId: 'u-teacher',
      target,
      presentation: 'iframe',
    })
    expect(Object.fromEntries(teacher.fields)).not.toHaveProperty('lis_outcome_service_url')
    world.connections.put(
      worldConnection({
        features: {
          learningTool: true,
          scorePassback: false,
          assignmentResource: true,
          embeddableContent: false,
        },
      }),
    )
    const student = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'iframe',
    })
    const fields = Object.fromEntries(student.fields)
    expect(fields).not.toHaveProperty('lis_outcome_service_url')
    expect(fields).not.toHaveProperty('lis_result_sourcedid')
  })

  it('sends names and email only when allowed', async () => {
    world.connections.put(worldConnection({ privacy: { sendName: false, sendEmail: false } }))
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'window',
    })
    const fields = Object.fromEntries(form.fields)
    for (const name of [
      'lis_person_name_full',
      'lis_person_name_given',
      'lis_person_name_family',
      'lis_person_contact_email_primary',
    ]) {
      expect(fields).not.toHaveProperty(name)
    }
  })

  it('sends a parent as Mentor with role_scope_mentor', async () => {
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-parent',
      target,
      presentation: 'window',
    })
    const fields = Object.fromEntries(form.fields)
    expect(fields.roles).toContain('urn:lti:role:ims/lis/Mentor')
    expect(fields.role_scope_mentor).toBe('u-student')
  })

  it('refuses a connection without an LTI 1.1 key', async () => {
    const { lti11: _none, ...rest } = worldConnection()
    world.connections.put(rest)
    const error = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'iframe',
    }).catch((e: unknown) => e)
    expect(isPlatformError(error, 'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE')).toBe(true)
  })

  it('refuses users without a role in the section', async () => {
    const error = await buildLti11LaunchForm(world.deps, {
      userId: 'u-outsider',
      target,
      presentation: 'iframe',
    }).catch((e: unknown) => e)
    expect(isPlatformError(error, 'ERR_LTI_PLATFORM_LAUNCH_DENIED')).toBe(true)
  })

  it('renders an auto-submitting, uncached page with every field escaped', async () => {
    world.resourceLinks.links.set(WORLD_LINK.id, {
      ...WORLD_LINK,
      title: '"><script>alert(1)</script>',
    })
    const form = await buildLti11LaunchForm(world.deps, {
      userId: 'u-student',
      target,
      presentation: 'iframe',
    })
    const response = lti11LaunchResponse(form)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const fields = await readAutoPost(response.clone())
    expect(fields.resource_link_title).toBe('"><script>alert(1)</script>')
    expect(await response.text()).not.toContain('<script>alert')
  })
})
