import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ADMINISTRATOR } from '../../console/feature.js'
import { expectFieldErrorIn, expectValueIn } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

/**
 * A console person and their rights from creation to deletion through real form posts: a
 * refused form keeps what was typed with the message by its field; edit, disable, enable and
 * delete (after its confirmation page) each answer with their notice.
 */
describe('people and their rights from creation to deletion', () => {
  let server: TestServer
  let cookie: string
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
    const response = await fetch(`${server.url}/console/sign-in/demo`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url },
      body: new URLSearchParams({ identity: DEMO_ADMINISTRATOR.id, next: '/console' }),
    })
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  })
  afterAll(async () => {
    await server.close()
  })

  const get = async (path: string) =>
    (await fetch(`${server.url}${path}`, { headers: { cookie } })).text()
  const post = (path: string, fields: [string, string][]) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: server.url },
      body: new URLSearchParams(fields),
    })
  /** Follows a 303 and answers the page it leads to. */
  const landed = async (response: Response) => {
    expect(response.status).toBe(303)
    const location = response.headers.get('location') ?? ''
    return { location, html: await get(location) }
  }

  let person = ''
  it('keeps the typed values of a refused new account, then creates it', async () => {
    const typed: [string, string][] = [
      ['name', 'Nora Finch'],
      ['email', 'nora-at-example'],
      ['roles', 'author'],
      ['password', 'a-secret-never-echoed-9'],
    ]
    const refused = await post('/console/accounts/new', typed)
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expectFieldErrorIn(html, 'account-email', 'Enter an email address such as name@example.edu.')
    expectValueIn(html, 'account-name', 'Nora Finch')
    expectValueIn(html, 'account-email', 'nora-at-example')
    expect(html).toMatch(/<input type="checkbox" name="roles" value="author" checked/)
    expect(html).not.toContain('a-secret-never-echoed-9')

    const created = await landed(
      await post('/console/accounts/new', [
        ['name', 'Nora Finch'],
        ['email', 'nora@example.edu'],
        ['roles', 'author'],
      ]),
    )
    expect(created.location).toMatch(/\?done=created$/)
    expect(created.html).toContain('The account is created.')
    person = created.location.replace(/\?.*$/, '')
  })

  it('edits the name and rights, refusing a bad value by its field first', async () => {
    const refused = await post(person, [
      ['name', 'Nora Finch-Hale'],
      ['email', ''],
      ['roles', 'author'],
    ])
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expectFieldErrorIn(html, 'details-email', 'Enter an email address such as name@example.edu.')
    expectValueIn(html, 'details-name', 'Nora Finch-Hale')

    const saved = await landed(
      await post(person, [
        ['name', 'Nora Finch-Hale'],
        ['email', 'nora@example.edu'],
        ['roles', 'author'],
        ['roles', 'administrator'],
      ]),
    )
    expect(saved.html).toContain('The details are saved.')
    expectValueIn(saved.html, 'details-name', 'Nora Finch-Hale')
    expect(saved.html).toMatch(/name="roles" value="administrator" checked/)
  })

  it('disables and enables the account, each after its confirmation', async () => {
    expect(await get(`${person}/disable`)).toContain('Nora Finch-Hale')
    const disabled = await landed(await post(`${person}/disable`, []))
    expect(disabled.html).toContain('The account is disabled and its sessions have ended.')
    const enabled = await landed(await post(`${person}/enable`, []))
    expect(enabled.html).toContain('The account is enabled again.')
  })

  it('deletes the account after its confirmation page names it', async () => {
    const confirmation = await get(`${person}/delete`)
    expect(confirmation).toContain('Nora Finch-Hale')
    const deleted = await landed(await post(`${person}/delete`, []))
    expect(deleted.location).toBe('/console/accounts?done=deleted')
    expect(deleted.html).toContain('The account is deleted.')
    expect(deleted.html).not.toContain('Nora Finch-Hale')
  })

  it('refuses a short new password on My account next to its field, not echoing it', async () => {
    const typed = 'short1!'
    const refused = await post('/console/account/password', [
      ['currentPassword', 'not-the-password'],
      ['newPassword', typed],
    ])
    expect([refused.status, refused.headers.get('content-type')]).toEqual([
      400,
      expect.stringMatching(/^text\/html/),
    ])
    const html = await refused.text()
    expect(html).not.toContain(typed)
    // The demo administrator signs in without a password: only the new one is asked for.
    expectFieldErrorIn(html, 'my-password-newPassword', 'Use at least 12 characters.')
  })
})
