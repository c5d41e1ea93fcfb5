/**
 * The user-facing pages of launches that are not console pages: the page framing a tool (with
 * the platform-storage script), the LTI 1.1 auto-post, the deep linking result and the error
 * page. Each carries its own Content-Security-Policy; every value is HTML-escaped.
 */
import { randomBytes } from 'node:crypto'
import { escapeHtml } from '@ltihub/core/oauth1'
import { platformStorageScript } from './layer.js'

/** The `id` (and `name`) of the iframe holding the tool. */
export const LAUNCH_FRAME_ID = 'lti-launch-frame'

function cspNonce(): string {
  return randomBytes(16).toString('base64url')
}

function htmlResponse(html: string, status: number, csp: string): Response {
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': csp,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  })
}

/**
 * The page that frames a tool: an iframe whose `src` is the login initiation (GET form), and the
 * platform-storage script answering `lti.capabilities`, `lti.put_data`, `lti.get_data` and
 * `lti.frameResize` for the tool's origins only. The CSP lets the frame load only the tool
 * origins and this platform (the authorization endpoint answers inside the frame).
 */
export function framedToolPage(input: {
  readonly title: string
  readonly loginUrl: string
  readonly toolOrigins: readonly string[]
  readonly platformOrigin: string
}): Response {
  const nonce = cspNonce()
  const script = platformStorageScript({
    allowedOrigins: input.toolOrigins,
    frameId: LAUNCH_FRAME_ID,
  })
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(input.title)}</title>
<style nonce="${nonce}">html,body{margin:0;height:100%}#${LAUNCH_FRAME_ID}{border:0;width:100%;height:100%;display:block}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}</style>
</head><body>
<h1 class="sr">${escapeHtml(input.title)}</h1>
<iframe id="${LAUNCH_FRAME_ID}" name="${LAUNCH_FRAME_ID}" title="${escapeHtml(input.title)}" src="${escapeHtml(input.loginUrl)}" allow="clipboard-write; fullscreen"></iframe>
<script nonce="${nonce}">${script}</script>
</body></html>
`
  const frames = [...new Set([...input.toolOrigins, input.platformOrigin])].join(' ')
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `frame-src ${frames}`,
    "form-action 'none'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
  ].join('; ')
  return htmlResponse(html, 200, csp)
}

/** The CSP of an auto-posting launch form: the one inline script, posting to `action` only. */
export function autoPostCsp(nonce: string, action: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `form-action ${new URL(action).origin}`,
    "base-uri 'none'",
  ].join('; ')
}

export { cspNonce }

const STATIC_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'"

/** A plain page: a heading, paragraphs (text, escaped) and an optional link out of the frame. */
export function messagePage(input: {
  readonly status: number
  readonly title: string
  readonly paragraphs: readonly string[]
  readonly link?: { readonly href: string; readonly label: string }
  readonly code?: string
}): Response {
  const body = input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')
  const code = input.code === undefined ? '' : `<p><code>${escapeHtml(input.code)}</code></p>`
  const link =
    input.link === undefined
      ? ''
      : `<p><a href="${escapeHtml(input.link.href)}" target="_top">${escapeHtml(input.link.label)}</a></p>`
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)}</title></head>
<body><h1>${escapeHtml(input.title)}</h1>
${body}
${code}
${link}
</body></html>
`
  return htmlResponse(html, input.status, STATIC_CSP)
}

/** The error page of a refused launch: only the public description and the stable code. */
export function launchErrorPage(error: {
  readonly status: number
  readonly description: string
  readonly code: string
  readonly expose: boolean
}): Response {
  return messagePage({
    status: error.status,
    title: 'The tool could not be opened',
    paragraphs: [error.expose ? error.description : 'Internal error'],
    code: error.code,
  })
}
