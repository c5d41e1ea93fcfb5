/**
 * LTI 1.1 check of Test Connection: a real signed basic launch POSTed to the launch URL, as the
 * tester; the tool must accept the OAuth 1 signature.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
import type { PlatformDeps } from '../config.js'
import { buildLti11Launch } from '../internal/core.js'
import { lti11Roles } from '../launch/roles.js'
import type { LmsUser } from '../ports.js'
import {
  type CheckHttp,
  type ConnectionCheck,
  fail,
  pass,
  send,
  toolUrl,
} from './connection-http.js'
import type { ConnectionUnderTest } from './test-connection.js'

const NAME = 'lti11.launch'

function statusDetail(status: number): string {
  if (status === 401 || status === 403) {
    return `the tool refused the launch with HTTP ${status}: check the key and the secret`
  }
  if (status === 404) return 'the launch URL answered HTTP 404: check the launch URL'
  return `the tool answered HTTP ${status}`
}

/** The launch parameters: the tester as an administrator, with name and email as privacy allows. */
function launchParams(
  deps: Pick<PlatformDeps, 'settings'>,
  connection: ConnectionUnderTest,
  user: LmsUser,
): Record<string, string> {
  const { privacy } = connection
  const { instance } = deps.settings
  return {
    resource_link_id: `ltihub-test-connection-${connection.id}`,
    resource_link_title: 'Test connection',
    user_id: user.lti11UserId ?? user.id,
    roles: lti11Roles(user, { part: 'admin', menteeIds: [] }),
    tool_consumer_instance_guid: instance.guid,
    tool_consumer_info_product_family_code: instance.productFamilyCode,
    launch_presentation_document_target: 'window',
    ...(privacy.sendEmail && user.email !== undefined
      ? { lis_person_contact_email_primary: user.email }
      : {}),
    ...(privacy.sendName && user.fullName !== undefined
      ? { lis_person_name_full: user.fullName }
      : {}),
  }
}

/** Signs and posts the launch; passed when the tool answers below 400 (a page or a redirect). */
export async function checkLti11(
  deps: Pick<PlatformDeps, 'settings' | 'clock'>,
  http: CheckHttp,
  connection: ConnectionUnderTest,
  user: LmsUser,
): Promise<ConnectionCheck> {
  const credentials = connection.lti11
  if (credentials === undefined) return fail(NAME, 'no key and secret')
  const url = toolUrl(credentials.launchUrl, 'launch URL', http.allowInsecureLoopback)
  if (!(url instanceof URL)) return fail(NAME, url.problem)
  let form
  try {
    form = await buildLti11Launch({
      launchUrl: url,
      consumerKey: credentials.consumerKey,
      secret: credentials.secret,
      clock: deps.clock,
      params: launchParams(deps, connection, user),
      custom: connection.customParameters,
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid settings'
    return fail(NAME, `cannot sign the launch: ${reason}`)
  }
  const response = await send(http, new URL(form.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields).toString(),
  })
  if (!(response instanceof Response)) return fail(NAME, response.problem)
  await response.body?.cancel()
  return response.status < 400
    ? pass(NAME, `the tool accepted the signed launch (HTTP ${response.status})`)
    : fail(NAME, statusDetail(response.status))
}
