import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useBrowser } from '../../testing/browser.js'
import { expectFieldError, expectNotice } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

/**
 * The whole life of the tool's access records through the console, in Chromium: a refused form
 * keeps what was typed with the message by its field, then create, edit, disable, enable and
 * delete (after a confirmation naming what goes), each step confirmed by a notice.
 */
describe('tool records from creation to deletion in a browser', () => {
  const browser = useBrowser()
  let server: TestServer
  let page: Page
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true', LTIHUB_ROLES: 'tool' } })
  })
  afterAll(async () => {
    await server.close()
  })

  /** Clicks a submit button and waits for the page the server answers. */
  const submit = async (name: string) => {
    const answered = page.waitForEvent('framenavigated')
    await page.getByRole('button', { name, exact: true }).click()
    await answered
    await page.waitForLoadState('load')
  }

  it('signs in as the administrator', async () => {
    page = await browser().newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${server.url}/console`)
    await page.getByRole('button', { name: 'Sign in as Demo Administrator' }).click()
    await page.waitForURL(`${server.url}/console`)
  })

  it('an LTI 1.1 consumer key: refused form, create, edit, disable, enable, new secret, delete', async () => {
    await page.goto(`${server.url}/console/tool/consumer-keys`)
    await page.locator('#key-name').fill('Pluto LMS')
    await page.locator('#key-lmsId').fill('has:colon')
    await page.locator('#key-key').fill('pluto-key')
    await submit('Create key and secret')
    await expectFieldError(
      page,
      'LMS ID',
      'LMS ID may hold only letters, digits, dot, dash and underscore (no colon).',
    )
    expect(await page.locator('#key-name').inputValue()).toBe('Pluto LMS')
    expect(await page.locator('#key-key').inputValue()).toBe('pluto-key')

    await page.locator('#key-lmsId').fill('pluto')
    await submit('Create key and secret')
    await page.waitForURL(/\/consumer-keys\/pluto-key\?done=created$/)
    await expectNotice(page, 'Consumer key created.')

    await page.locator('#key-name').fill('Pluto LMS (district)')
    await submit('Save')
    await expectNotice(page, 'Consumer key saved.')
    expect(await page.locator('#key-name').inputValue()).toBe('Pluto LMS (district)')

    await submit('Disable')
    await expectNotice(page, 'Consumer key disabled')
    expect(await page.getByTestId('key-status').textContent()).toBe('Disabled')
    await submit('Enable')
    await expectNotice(page, 'Consumer key enabled')
    expect(await page.getByTestId('key-status').textContent()).toBe('Enabled')

    const before = await page.getByTestId('key-secret').textContent()
    await submit('Replace secret')
    await expectNotice(page, 'Secret replaced.')
    const after = await page.getByTestId('key-secret').textContent()
    expect(after).not.toBe(before)
    expect(after?.length).toBeGreaterThanOrEqual(32)

    await page.getByRole('link', { name: 'Delete…' }).click()
    const confirm = page.getByTestId('confirm-delete')
    expect(await confirm.getByRole('heading').textContent()).toContain('pluto-key')
    expect(await confirm.getByTestId('consequences').textContent()).toContain('active enrolment')
    await page.getByLabel('I understand that this cannot be undone').check()
    await submit('Delete consumer key')
    await page.waitForURL(/\/consumer-keys\?done=deleted$/)
    await expectNotice(page, 'Consumer key deleted.')
    expect(await page.getByRole('link', { name: 'Pluto LMS (district)' }).count()).toBe(0)
  })

  it('an LTI 1.3 platform: refused form, loopback http, edit, deployments, disable, enable, delete', async () => {
    await page.goto(`${server.url}/console/tool/platforms`)
    const lms = 'http://127.0.0.1:9'
    await page.locator('#platform-name').fill('Pluto 1.3')
    await page.locator('#platform-issuer').fill(lms)
    await page.locator('#platform-clientId').fill('pluto-client')
    await page.locator('#platform-authLoginUrl').fill(`${lms}/auth`)
    await page.locator('#platform-authTokenUrl').fill(`${lms}/token`)
    await page.locator('#platform-jwksUrl').fill('http://lms.example.test/jwks')
    await page.locator('#platform-lmsId').fill('pluto13')
    await submit('Register')
    await expectFieldError(
      page,
      'Public keyset URL',
      'Public keyset URL must start with https:// (or http:// on this machine: localhost, 127.0.0.1).',
    )
    expect(await page.locator('#platform-issuer').inputValue()).toBe(lms)
    expect(await page.locator('#platform-lmsId').inputValue()).toBe('pluto13')

    // A development instance accepts http on loopback, as Dynamic Registration does.
    await page.locator('#platform-jwksUrl').fill(`${lms}/jwks`)
    await submit('Register')
    await page.waitForURL(/\/platforms\/[\w-]+\?done=registered$/)
    await expectNotice(page, 'Platform registered.')

    const registration = await server.context.db
      .selectFrom('tool_registrations')
      .select('id')
      .where('client_id', '=', 'pluto-client')
      .executeTakeFirstOrThrow()
    await server.context.db
      .insertInto('tool_deployments')
      .values({
        registration_id: registration.id,
        deployment_id: 'dep-1',
        status: 'pending',
        first_seen_at: Date.now(),
      })
      .execute()
    await page.reload()
    await submit('Approve deployment dep-1')
    await page.waitForURL(/done=approved$/)
    await expectNotice(page, 'Deployment approved')
    await submit('Revoke deployment dep-1')
    await page.waitForURL(/done=revoked$/)
    await expectNotice(page, 'Deployment revoked')

    await page.locator('#platform-lmsId').fill('pluto-thirteen')
    await page.locator('#platform-deploymentPolicy').selectOption('accept')
    await submit('Save')
    await expectNotice(page, 'Platform settings saved.')
    expect(await page.locator('#platform-lmsId').inputValue()).toBe('pluto-thirteen')
    expect(await page.locator('#platform-deploymentPolicy').inputValue()).toBe('accept')

    await submit('Disable')
    await expectNotice(page, 'Platform disabled')
    expect(await page.getByTestId('platform-status').textContent()).toBe('Disabled')
    await submit('Enable')
    await expectNotice(page, 'Platform enabled')

    await page.getByRole('link', { name: 'Delete…' }).click()
    expect(await page.getByTestId('consequences').textContent()).toContain('dep-1')
    await page.getByLabel('I understand that this cannot be undone').check()
    await submit('Delete platform')
    await page.waitForURL(/\/platforms\?done=deleted$/)
    await expectNotice(page, 'Platform deleted')
    expect(
      await server.context.db.selectFrom('tool_deployments').select('deployment_id').execute(),
    ).toEqual([])
  })

  it('a publication: refused form, saved disabled, enabled, edited, disabled, enabled, deleted', async () => {
    await page.goto(`${server.url}/console/tool/courses`)
    await page
      .getByRole('row', { name: /Safe Lab Practice/ })
      .getByRole('link', { name: 'Publish as LTI tool' })
      .click()
    await page.locator('#publication-name').fill('Lab safety, Pluto')
    await page.locator('#publication-enabled').uncheck()
    await page.locator('#publication-maxEnrolledUsers').fill('many')
    await page.locator('#publication-city').fill('Utrecht')
    await submit('Add method')
    await expectFieldError(
      page,
      'Maximum enrolled users',
      'Maximum enrolled users must be a whole number.',
    )
    expect(await page.locator('#publication-name').inputValue()).toBe('Lab safety, Pluto')
    expect(await page.locator('#publication-city').inputValue()).toBe('Utrecht')
    expect(await page.locator('#publication-enabled').isChecked()).toBe(false)

    await page.locator('#publication-maxEnrolledUsers').fill('30')
    await submit('Add method')
    await page.waitForURL(/\/publications\/[\w-]+\?done=created$/)
    await expectNotice(page, 'Published.')
    expect(await page.getByTestId('publication-status').textContent()).toBe('Disabled')

    await submit('Enable')
    await expectNotice(page, 'Publication enabled')
    expect(await page.getByTestId('publication-status').textContent()).toBe('Enabled')

    await page.locator('#publication-name').fill('Lab safety, Pluto district')
    await submit('Save')
    await expectNotice(page, 'Publication saved.')
    expect(await page.locator('#publication-name').inputValue()).toBe('Lab safety, Pluto district')
    expect(await page.locator('#publication-maxEnrolledUsers').inputValue()).toBe('30')
    expect(await page.locator('#publication-city').inputValue()).toBe('Utrecht')

    await submit('Disable')
    await expectNotice(page, 'Publication disabled')
    await submit('Enable')
    await expectNotice(page, 'Publication enabled')

    await page.getByRole('link', { name: 'Delete…' }).click()
    expect(await page.getByTestId('consequences').textContent()).toContain('enrolment')
    await page.getByLabel('I understand that this cannot be undone').check()
    await submit('Delete publication')
    await page.waitForURL(/\/published\?done=deleted$/)
    await expectNotice(page, 'Publication deleted.')
    expect(await page.getByTestId('published-empty').count()).toBe(1)
    await page.close()
  })
})
