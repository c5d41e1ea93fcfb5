/** The administrator's identity provider pages over HTTP: add, view, edit, switch, delete. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestAgent } from '../../testing/http-agent.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { SSO_PATHS } from './paths.js'
import { findProviderWithSecret } from './repository.js'

let server: TestServer
let base: string
const admin = new TestAgent()

beforeAll(async () => {
  server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  base = server.config.publicUrl
  const signedIn = await admin.request(`${base}/console/sign-in/demo`, {
    form: { identity: 'demo:administrator', next: '/console' },
  })
  expect(signedIn.status).toBe(303)
})

afterAll(async () => {
  await server?.close()
})

const FORM = {
  id: 'district',
  displayName: 'District IdP',
  issuer: 'https://idp.district.example/.well-known/openid-configuration',
  clientId: 'ltihub',
  clientSecret: 'first-client-secret',
  emailClaim: '',
  requireVerifiedEmail: 'on',
  scopes: 'openid email',
  enabled: 'on',
}

describe('identity providers in the console', () => {
  it('refuses a bad form with messages by field, keeping what was typed except the secret', async () => {
    const page = await admin.request(`${base}${SSO_PATHS.add}`, {
      form: { ...FORM, id: 'Bad Name', issuer: 'not a url', scopes: 'email' },
    })
    expect(page.status).toBe(400)
    expect(page.contentType).toMatch(/^text\/html/)
    expect(page.text).toContain('id="identity-provider-id-error"')
    expect(page.text).toContain('Use lower-case letters, digits and single hyphens only')
    expect(page.text).toContain('Enter a full URL, starting with https://.')
    expect(page.text).toContain('Include the openid scope')
    expect(page.text).toContain('value="District IdP"')
    expect(page.text).toContain('value="Bad Name"')
    expect(page.text).not.toContain('first-client-secret')
    expect(page.text).toContain('data-testid="secret-dropped"')
  })

  it('adds, shows, edits (keeping the secret), disables, re-enables and deletes', async () => {
    const added = await admin.request(`${base}${SSO_PATHS.add}`, { form: FORM })
    expect(added.status).toBe(303)
    expect(added.location).toBe(`${base}${SSO_PATHS.view('district')}?done=added`)

    const view = await admin.request(added.location ?? '')
    expect(view.text).toContain(`${base}/console/sign-in/oidc/district/callback`)
    expect(view.text).toContain('https://idp.district.example')
    expect(view.text).not.toContain('/.well-known/')
    expect(view.text).not.toContain('first-client-secret')

    const again = await admin.request(`${base}${SSO_PATHS.add}`, { form: FORM })
    expect(again.status).toBe(400)
    expect(again.text).toContain('Another provider already uses the short name district')

    const edit = await admin.request(`${base}${SSO_PATHS.edit('district')}`)
    expect(edit.text).not.toContain('first-client-secret')
    expect(edit.text).toContain('Leave empty to keep the stored secret.')
    const saved = await admin.request(`${base}${SSO_PATHS.edit('district')}`, {
      form: {
        ...FORM,
        displayName: 'District Sign-On',
        clientSecret: '',
        requireVerifiedEmail: '',
      },
    })
    expect(saved.status).toBe(303)
    const ctx = server.context
    const stored = await findProviderWithSecret(ctx.db, ctx.cipher, 'district')
    expect(stored?.clientSecret).toBe('first-client-secret')
    expect(stored?.provider).toMatchObject({ displayName: 'District Sign-On', enabled: true })

    await admin.request(`${base}${SSO_PATHS.enabled('district')}`, { form: { enabled: 'false' } })
    const signInPage = await new TestAgent().request(`${base}/console/sign-in`)
    expect(signInPage.text).not.toContain('Sign in with District Sign-On')
    await admin.request(`${base}${SSO_PATHS.enabled('district')}`, { form: { enabled: 'true' } })
    expect((await new TestAgent().request(`${base}/console/sign-in`)).text).toContain(
      'Sign in with District Sign-On',
    )

    const confirm = await admin.request(`${base}${SSO_PATHS.remove('district')}`)
    expect(confirm.text).toContain('its stored client secret')
    expect(confirm.text).toContain('Delete provider')
    const deleted = await admin.request(`${base}${SSO_PATHS.remove('district')}`, { form: {} })
    expect(deleted.location).toBe(`${base}${SSO_PATHS.list}?done=deleted`)
    expect(await findProviderWithSecret(ctx.db, ctx.cipher, 'district')).toBeUndefined()
    expect((await admin.request(`${base}${SSO_PATHS.view('district')}`)).status).toBe(404)
  })

  it('lets only administrators manage providers', async () => {
    const teacher = new TestAgent()
    const people = await teacher.request(`${base}/console/sign-in`)
    const id = /name="identity" value="([^"]+)"/g
    const ids = [...people.text.matchAll(id)].map((match) => match[1] ?? '')
    const teacherId = ids.find((value) => value !== 'demo:administrator') ?? ''
    await teacher.request(`${base}/console/sign-in/demo`, { form: { identity: teacherId } })
    expect((await teacher.request(`${base}${SSO_PATHS.list}`)).status).toBe(403)
    const post = await teacher.request(`${base}${SSO_PATHS.add}`, { form: FORM })
    expect(post.status).toBe(403)
  })
})
