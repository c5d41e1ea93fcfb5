import { escapeHtml, htmlPage, scriptJson } from '../internal/html.js'
import { randomToken } from '../internal/random.js'

/** The platform-storage key of a login's browser binding (1EdTech postMessage pattern). */
export function storageKey(state: string): string {
  return `lti_state_${state}`
}

/** Input of {@link loginPage}. */
export interface LoginPageInput {
  /** The authentication request to navigate to. */
  readonly authUrl: string
  /** Origin of the platform's authorization endpoint: the only origin storage messages go to. */
  readonly platformOrigin: string
  readonly state: string
  /** The browser binding, put into platform storage when the platform offers it. */
  readonly binding: string
  readonly storageTarget: string | undefined
  /** The same login as a GET URL, for the new-window fallback. */
  readonly newWindowUrl: string
  readonly setCookie: string
}

/*
 * The page's script. With platform storage it first stores the binding through `lti.put_data`
 * (lti-notes §14.2), sent only to the platform's origin and answered only from it. Without storage,
 * or when storage fails, it relies on the state cookie: when a test cookie does not stick inside
 * the platform's frame (third-party cookies blocked), it offers to continue in a new window, where
 * the cookie is first-party.
 */
const SCRIPT = `(function (c) {
  var go = function () { window.location.replace(c.authUrl) }
  var fallback = function () {
    var probe = 'ltihub-cookie-probe=' + c.messageId
    document.cookie = probe + '; Path=/; Max-Age=60; Secure; SameSite=None'
    var works = document.cookie.indexOf(probe) !== -1
    if (works || window.top === window.self) return go()
    document.getElementById('ltihub-waiting').hidden = true
    document.getElementById('ltihub-new-window').hidden = false
  }
  if (!c.storageTarget) return fallback()
  var target
  try {
    target = c.storageTarget === '_parent'
      ? (window.parent !== window ? window.parent : window.opener)
      : window.parent.frames[c.storageTarget]
  } catch (e) { target = null }
  if (!target) return fallback()
  var done = false
  var timer = setTimeout(function () { if (!done) { done = true; fallback() } }, 2000)
  window.addEventListener('message', function (event) {
    var data = event.data
    if (done || event.origin !== c.platformOrigin || !data) return
    if (data.subject !== 'lti.put_data.response' || data.message_id !== c.messageId) return
    done = true
    clearTimeout(timer)
    if (data.error) return fallback()
    go()
  })
  target.postMessage({ subject: 'lti.put_data', message_id: c.messageId, key: c.key, value: c.binding }, c.platformOrigin)
})`

/**
 * The login initiation's answer: sets the state cookie and continues to the platform's
 * authentication endpoint, after storing the binding in platform storage when offered. Without
 * JavaScript a plain link continues (the cookie path).
 */
export function loginPage(input: LoginPageInput): Response {
  const config = {
    authUrl: input.authUrl,
    platformOrigin: input.platformOrigin,
    storageTarget: input.storageTarget ?? null,
    key: storageKey(input.state),
    // Only the storage path needs the binding in the page; the cookie path keeps it HttpOnly.
    binding: input.storageTarget === undefined ? null : input.binding,
    messageId: randomToken(12),
  }
  return htmlPage({
    title: 'Connecting…',
    body: `<p id="ltihub-waiting">Connecting to the learning platform…</p>
<div id="ltihub-new-window" hidden>
<p>Your browser blocks the cookies this tool needs inside the platform’s page.</p>
<p><a id="ltihub-new-window-link" href="${escapeHtml(input.newWindowUrl)}" target="_blank" rel="noopener">Open the tool in a new window</a></p>
</div>
<noscript><p><a id="ltihub-continue" href="${escapeHtml(input.authUrl)}">Continue</a></p></noscript>`,
    script: `${SCRIPT}(${scriptJson(config)})`,
    headers: [['Set-Cookie', input.setCookie]],
  })
}
