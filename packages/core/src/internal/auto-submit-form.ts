/**
 * An HTML page that posts a form to another site as soon as it loads: the transport of every
 * LTI 1.1 message (launch, Content-Item request and response) and of LTI 1.3 `id_token` posts.
 * Every value is HTML-escaped, so a hostile parameter cannot break out of its attribute.
 */

/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Options of {@link renderAutoSubmitForm}. */
export interface AutoSubmitFormOptions {
  /** Page title and the label of the fallback button. */
  readonly title?: string
  /** A CSP nonce for the inline script (`script-src 'nonce-...'`); without it, use the hash. */
  readonly cspNonce?: string
  /** Form `target` (e.g. an iframe name); the default posts in the same browsing context. */
  readonly target?: string
}

/**
 * Renders an auto-submitting `POST` form. Browsers without JavaScript get a button.
 * @throws TypeError when `url` is not an absolute http(s) URL (never `javascript:`).
 * @example
 * new Response(renderAutoSubmitForm(url, fields), { headers: { 'content-type': 'text/html; charset=utf-8' } })
 */
export function renderAutoSubmitForm(
  url: string,
  fields: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>,
  options: AutoSubmitFormOptions = {},
): string {
  let action: URL
  try {
    action = new URL(url)
  } catch {
    throw new TypeError('renderAutoSubmitForm needs an absolute URL')
  }
  if (action.protocol !== 'https:' && action.protocol !== 'http:') {
    throw new TypeError(`renderAutoSubmitForm posts to http(s) only, not ${action.protocol}`)
  }
  const entries = Array.isArray(fields)
    ? (fields as ReadonlyArray<readonly [string, string]>)
    : Object.entries(fields)
  const inputs = entries
    .map(([name, value]) => {
      if (typeof name !== 'string' || typeof value !== 'string') {
        throw new TypeError('Form fields must be string pairs')
      }
      return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
    })
    .join('\n')
  const title = escapeHtml(options.title ?? 'Continue')
  const nonce = options.cspNonce === undefined ? '' : ` nonce="${escapeHtml(options.cspNonce)}"`
  const target = options.target === undefined ? '' : ` target="${escapeHtml(options.target)}"`
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title></head>
<body>
<form id="ltihub-auto-submit" method="post" action="${escapeHtml(url)}"${target} enctype="application/x-www-form-urlencoded">
${inputs}
<noscript><button type="submit">${title}</button></noscript>
</form>
<script${nonce}>${AUTO_SUBMIT_SCRIPT}</script>
</body>
</html>
`
}

/** The inline script; constant so operators can allow it by hash in a Content-Security-Policy. */
export const AUTO_SUBMIT_SCRIPT = "document.getElementById('ltihub-auto-submit').submit()"
