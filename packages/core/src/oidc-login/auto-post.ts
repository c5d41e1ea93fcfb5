import { randomId } from '../internal/random.js'
import { escapeHtml } from './escape.js'

/**
 * An HTML page that posts `fields` to `action` as soon as it loads (the OIDC `form_post` response
 * mode). Every value is HTML-escaped; the only script allowed by the Content-Security-Policy is the
 * inline submit, through a per-response nonce; the form may post only to `action`'s origin; the
 * page is never cached because it carries a token.
 *
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
export function autoPostResponse(
  action: string,
  fields: Readonly<Record<string, string>>,
  status = 200,
): Response {
  const target = new URL(action)
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new TypeError('autoPostResponse: the form action must be an http(s) URL')
  }
  const nonce = randomId(16)
  const inputs = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n')
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>Continuing…</title></head>
<body>
<form id="lti-auto-post" method="post" action="${escapeHtml(target.href)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${nonce}">document.getElementById('lti-auto-post').submit()</script>
</body>
</html>
`
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `form-action ${target.origin}`,
    "base-uri 'none'",
  ].join('; ')
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Content-Security-Policy': csp,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
