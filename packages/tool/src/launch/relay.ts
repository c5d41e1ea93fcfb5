import { escapeHtml, htmlPage, scriptJson } from '../internal/html.js'
import { randomToken } from '../internal/random.js'
import { storageKey } from '../login/page.js'

/** The form field the relay page posts the binding read from platform storage in. */
export const RELAY_FIELD = 'ltihub_storage_binding'

/** Input of {@link relayPage}. */
export interface RelayPageInput {
  readonly redirectUri: string
  readonly idToken: string
  readonly state: string
  readonly storageTarget: string
  readonly platformOrigin: string
}

/*
 * Reads the binding the login page stored with `lti.put_data` (lti-notes §14.4 step 3): sent only
 * to the platform's origin, answered only from it with the same message_id, then posted back to
 * the redirect URI with the id_token and state. The server compares it with the hash it recorded.
 */
const SCRIPT = `(function (c) {
  var form = document.getElementById('ltihub-relay')
  var fail = function () {
    document.getElementById('ltihub-waiting').hidden = true
    document.getElementById('ltihub-failed').hidden = false
  }
  var target
  try {
    target = c.storageTarget === '_parent'
      ? (window.parent !== window ? window.parent : window.opener)
      : window.parent.frames[c.storageTarget]
  } catch (e) { target = null }
  if (!target) return fail()
  var done = false
  var timer = setTimeout(function () { if (!done) { done = true; fail() } }, 2000)
  window.addEventListener('message', function (event) {
    var data = event.data
    if (done || event.origin !== c.platformOrigin || !data) return
    if (data.subject !== 'lti.get_data.response' || data.message_id !== c.messageId) return
    done = true
    clearTimeout(timer)
    if (data.error || typeof data.value !== 'string') return fail()
    form.elements.namedItem(c.field).value = data.value
    form.submit()
  })
  target.postMessage({ subject: 'lti.get_data', message_id: c.messageId, key: c.key }, c.platformOrigin)
})`

/**
 * The page answered to a launch whose state cookie did not come back (third-party cookies
 * blocked) when the login used platform storage. The state is not consumed yet; the launch
 * completes when the page posts the stored binding back.
 */
export function relayPage(input: RelayPageInput): Response {
  const config = {
    storageTarget: input.storageTarget,
    platformOrigin: input.platformOrigin,
    key: storageKey(input.state),
    field: RELAY_FIELD,
    messageId: randomToken(12),
  }
  const action = new URL(input.redirectUri)
  return htmlPage({
    title: 'Connecting…',
    body: `<p id="ltihub-waiting">Connecting to the learning platform…</p>
<p id="ltihub-failed" hidden>The launch could not be confirmed. Please open the tool again from the platform.</p>
<form id="ltihub-relay" method="post" action="${escapeHtml(action.href)}">
<input type="hidden" name="id_token" value="${escapeHtml(input.idToken)}">
<input type="hidden" name="state" value="${escapeHtml(input.state)}">
<input type="hidden" name="${RELAY_FIELD}" value="">
</form>`,
    script: `${SCRIPT}(${scriptJson(config)})`,
    formAction: [action.origin],
  })
}
