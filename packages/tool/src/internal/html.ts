import { randomToken } from './random.js'

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * Serialises a value for a `<script>` block: JSON with `<`, `>`, `&` and the line separators
 * escaped, so no string can close the script element or break out of it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
}

/** Options of {@link htmlPage}. */
export interface HtmlPageOptions {
  readonly title: string
  /** Body markup; every interpolated value in it must already be escaped. */
  readonly body: string
  readonly status?: number
  /** An inline script, allowed by a per-response CSP nonce. */
  readonly script?: string
  /** Origins forms on the page may post to (CSP `form-action`); none by default. */
  readonly formAction?: readonly string[]
  /** Extra headers, such as `Set-Cookie`. */
  readonly headers?: ReadonlyArray<readonly [string, string]>
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}' +
  'code{background:#f3f3f3;padding:0 .25rem}button{font:inherit;padding:.4rem 1rem}' +
  'label{display:block;margin:.3rem 0}'

/**
 * A small HTML page with a strict Content-Security-Policy: nothing loads from anywhere, the only
 * script is the page's own (by nonce), forms post only where allowed. Never cached, never sends a
 * Referer. The pages are meant to be framed by the platform, so `frame-ancestors` is not limited.
 */
export function htmlPage(options: HtmlPageOptions): Response {
  const nonce = randomToken(16)
  const script =
    options.script === undefined ? '' : `<script nonce="${nonce}">${options.script}</script>`
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body>
${options.body}
${script}
</body>
</html>
`
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `form-action ${options.formAction?.length ? options.formAction.join(' ') : "'none'"}`,
    "base-uri 'none'",
  ].join('; ')
  const headers = new Headers({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  })
  for (const [name, value] of options.headers ?? []) headers.append(name, value)
  return new Response(html, { status: options.status ?? 200, headers })
}
