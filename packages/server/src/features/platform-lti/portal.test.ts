/**
 * LTI 1.1 Basic Outcomes, the Learning Tools list and Dynamic Registration over real HTTP.
 */
import { CLAIM, type LtiLaunchMessage, MemoryNonceStore } from '@ltihub/core'
import {
  buildContentItemSelection,
  LTI_LINK_MEDIA_TYPE,
  verifyContentItemRequest,
} from '@ltihub/core/content-item'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { getConnection } from '../connections/connection-repository.js'
import { findGradeEntry } from '../school/index.js'
import { startRegistration } from './layer.js'
import { sqlRegistrationTokenStore } from './stores/one-time.js'
import { sqlResourceLinkStore } from './stores/resource-links.js'
import {
  autoPostForm,
  frameSrc,
  type RuntimeWorld,
  startRuntimeWorld,
  unescapeHtml,
} from './testing/harness.js'
import { platformEndpoints, platformIssuer } from './urls.js'

const dialects = await testDialects()

const codeMajor = (xml: string) => /<imsx_codeMajor>([a-z]+)<\/imsx_codeMajor>/.exec(xml)?.[1]

describe.each(dialects)('platform LTI portal and legacy services on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('an LTI 1.1 tool posts replaceResult and the grade appears; bad requests change nothing', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server } = world
    const secret = 'legacy-secret-value'
    const legacy = await world.addConnection('Legacy Quiz', {
      launchUrl: tool.lti11LaunchUrl,
      lti11: { consumerKey: 'legacy-key', secret },
    })
    const link = await sqlResourceLinkStore(server.context.db, Date.now).create({
      contextId: fixture.section.id,
      connectionId: legacy.id,
      assignmentId: fixture.pointsAssignment.id,
      title: 'Legacy quiz',
      custom: {},
    })
    const student = world.browser()
    await student.signIn(fixture.student.id)
    const page = await student.fetch(`${world.base}/platform/launch/${link.id}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain(`form-action ${tool.origin}`)
    const launch = autoPostForm(await page.text())
    expect(launch.action).toBe(tool.lti11LaunchUrl)
    expect(launch.fields).toMatchObject({
      lti_message_type: 'basic-lti-launch-request',
      resource_link_id: link.id,
    })
    expect(JSON.stringify(launch)).not.toContain(secret)
    const serviceUrl = launch.fields['lis_outcome_service_url'] ?? ''
    const sourcedId = launch.fields['lis_result_sourcedid'] ?? ''
    const replace = (score: number, key = 'legacy-key', signWith = secret, id = sourcedId) =>
      tool.outcomeRequest({ serviceUrl, consumerKey: key, secret: signWith, sourcedId: id, score })

    const request = await replace(0.5)
    const replay = request.clone()
    const ok = await fetch(request)
    expect(ok.status).toBe(200)
    expect(codeMajor(await ok.text())).toBe('success')
    const grade = await findGradeEntry(
      server.context.db,
      fixture.pointsAssignment.id,
      fixture.student.id,
    )
    expect(grade).toMatchObject({ points: 10, pointsPossible: 20, source: 'lti-bo' })

    const replayed = await fetch(replay)
    expect(replayed.status).toBeGreaterThanOrEqual(400)
    const forged = await fetch(await replace(1, 'legacy-key', 'wrong-secret'))
    expect(forged.status).toBeGreaterThanOrEqual(400)
    expect(await forged.text()).not.toContain(secret)
    const unknownResult = await fetch(await replace(1, 'legacy-key', secret, 'no-such-sourcedid'))
    expect(codeMajor(await unknownResult.text())).toBe('failure')
    const unknownKey = await fetch(await replace(1, 'no-such-key', 'x'))
    expect(unknownKey.status).toBeGreaterThanOrEqual(400)
    expect(
      await findGradeEntry(server.context.db, fixture.pointsAssignment.id, fixture.student.id),
    ).toEqual(grade)
  })

  it('offers "Add tool content" on an assignment to teachers, never to students', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture } = world
    const page = `${world.base}/console/platform/assignments/${fixture.pointsAssignment.id}`
    const teacher = world.browser()
    await teacher.signIn(fixture.teacher.id)
    const forTeacher = await (await teacher.fetch(page)).text()
    expect(forTeacher).toContain(`<h1>${fixture.pointsAssignment.title}</h1>`)
    expect(forTeacher).toContain('Add tool content')
    const student = world.browser()
    await student.signIn(fixture.student.id)
    const response = await student.fetch(page)
    expect(response.status).toBe(200)
    const forStudent = await response.text()
    expect(forStudent).toContain(`<h1>${fixture.pointsAssignment.title}</h1>`)
    expect(forStudent).not.toContain('Add tool content')
  })

  it('takes a Content-Item selection from an LTI 1.1 tool once', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server } = world
    const secret = 'legacy-secret-value'
    const legacy = await world.addConnection('Legacy Picker', {
      launchUrl: tool.lti11LaunchUrl,
      lti11: { consumerKey: 'picker-key', secret },
    })
    const teacher = world.browser()
    await teacher.signIn(fixture.teacher.id)
    const page = await teacher.postForm(
      `${world.base}/console/platform/assignments/${fixture.pointsAssignment.id}/add-tool-content`,
      { connectionId: legacy.id },
    )
    expect(page.status).toBe(200)
    const request = autoPostForm(await page.text())
    expect(request.fields).toMatchObject({ lti_message_type: 'ContentItemSelectionRequest' })
    // The tool verifies the signed request and answers with a signed selection (core only).
    const lookup = async (key: string) => (key === 'picker-key' ? secret : undefined)
    const verified = await verifyContentItemRequest(
      new Request(request.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(request.fields).toString(),
      }),
      { lookupConsumerSecret: lookup, nonceStore: new MemoryNonceStore() },
    )
    const selection = await buildContentItemSelection({
      settings: verified.settings,
      consumerKey: 'picker-key',
      secret,
      items: [
        {
          '@type': 'LtiLinkItem',
          mediaType: LTI_LINK_MEDIA_TYPE,
          url: `${tool.origin}/lti11?item=7`,
          title: 'Item 7',
        },
        {
          '@type': 'ContentItem',
          mediaType: 'image/png',
          url: `${tool.origin}/pic.png`,
          title: 'Picture',
        },
      ],
    })
    const returned = await teacher.postForm(selection.url, selection.fields)
    expect(returned.status).toBe(200)
    expect(await returned.text()).toContain('2 item(s) added')
    const links = await server.context.db.selectFrom('lti_resource_links').selectAll().execute()
    expect(links.map((l) => [l.title, l.connection_id, l.assignment_id])).toEqual([
      ['Item 7', legacy.id, fixture.pointsAssignment.id],
    ])
    const replay = await teacher.postForm(selection.url, selection.fields)
    expect(replay.status).toBe(400)
    const forged = await buildContentItemSelection({
      settings: verified.settings,
      consumerKey: 'picker-key',
      secret: 'not-the-secret',
      items: [],
    })
    expect((await teacher.postForm(forged.url, forged.fields)).status).toBeGreaterThanOrEqual(400)
    expect(
      await server.context.db.selectFrom('lti_resource_links').selectAll().execute(),
    ).toHaveLength(1)
  })

  it('lists learning tools for students (not parents unless configured) and launches from the list', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool } = world
    const student = world.browser()
    await student.signIn(fixture.student.id)
    const list = await student.fetch(`${world.base}/console/platform/learning-tools`)
    expect(list.status).toBe(200)
    const html = await list.text()
    expect(html).toContain('Quizzly')
    const href = /href="(\/platform\/learning-tools\/[^"]+)"/.exec(html)?.[1]
    expect(href).toBeDefined()
    const page = await student.fetch(world.base + unescapeHtml(href ?? ''))
    expect(page.status).toBe(200)
    const { tool: launched } = await student.followLogin(frameSrc(await page.text()))
    expect(launched.status).toBe(200)
    const message = tool.launches.at(-1) as LtiLaunchMessage
    expect((message[CLAIM.resourceLink] as { id: string }).id).toMatch(/^lt:/)
    expect(message.sub).toBe(fixture.student.id)

    const parent = world.browser()
    await parent.signIn(fixture.parent.id)
    const parentList = await parent.fetch(`${world.base}/console/platform/learning-tools`)
    expect(parentList.status).toBe(200)
    expect(await parentList.text()).not.toContain('Quizzly')
    const direct = await parent.fetch(world.base + unescapeHtml(href ?? ''))
    expect(direct.status).toBe(403)
  })

  it('serves the OpenID configuration and takes each registration token once', async () => {
    const publicUrl = 'https://lms.example.test'
    world = await startRuntimeWorld(database(), Date.now(), { publicUrl })
    const { server, base, fixture } = world
    const config = await fetch(`${base}/platform/.well-known/openid-configuration`)
    expect(config.status).toBe(200)
    const body = (await config.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      issuer: platformIssuer(publicUrl),
      registration_endpoint: `${publicUrl}/platform/register`,
      jwks_uri: `${publicUrl}/platform/jwks.json`,
    })
    const newToken = async () =>
      (
        await startRegistration(
          {
            settings: {
              issuer: platformIssuer(publicUrl),
              endpoints: platformEndpoints(publicUrl),
              instance: { guid: 'g', name: 'n', productFamilyCode: 'ltihub', version: '1' },
            },
            clock: Date.now,
            registrationTokens: sqlRegistrationTokenStore(server.context.db),
          },
          {
            toolRegistrationUrl: 'https://tool.example.com/register',
            schoolIds: [fixture.school.id],
            userId: fixture.admin.id,
          },
        )
      ).token
    const spent = await newToken()
    const token = await newToken()
    const registration = {
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: 'https://tool.example.com/login',
      redirect_uris: ['https://tool.example.com/launch'],
      client_name: 'Registered Tool',
      jwks_uri: 'https://tool.example.com/jwks',
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: 'tool.example.com',
        target_link_uri: 'https://tool.example.com/launch',
        claims: ['iss', 'sub'],
        messages: [
          { type: 'LtiDeepLinkingRequest', target_link_uri: 'https://tool.example.com/dl' },
        ],
      },
    }
    const register = (value: unknown, bearer?: string) =>
      fetch(`${base}/platform/register`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: JSON.stringify(value),
      })
    const pendingCount = async () =>
      (
        await server.context.db
          .selectFrom('platform_connections')
          .select('id')
          .where('status', '=', 'pending')
          .execute()
      ).length
    expect((await register(registration)).status).toBe(401)
    const { jwks_uri: _jwks, ...incomplete } = registration
    // A refused body leaves the token usable; a stored registration spends it.
    expect((await register(incomplete, spent)).status).toBe(400)
    expect(await pendingCount()).toBe(0)
    expect((await register(registration, spent)).status).toBe(201)
    expect((await register(registration, spent)).status).toBe(401)
    expect(await pendingCount()).toBe(1)
    const created = await register(registration, token)
    expect(created.status).toBe(201)
    const answer = (await created.json()) as { client_id: string }
    const stored = await server.context.db
      .selectFrom('platform_connections')
      .select('id')
      .where('lti13_client_id', '=', answer.client_id)
      .executeTakeFirstOrThrow()
    expect((await getConnection(server.context.db, stored.id))?.status).toBe('pending')
    const again = await register(registration, token)
    expect(again.status).toBe(401)
    expect(await pendingCount()).toBe(2)
  })
})
