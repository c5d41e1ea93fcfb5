import { REGISTRATION_CLOSE_SUBJECT } from './uris.js'

/** Options of the registration-complete page. */
export interface RegistrationCloseOptions {
  /**
   * The platform origin to post to. The spec example uses `'*'` (the message carries no data),
   * but when the tool knows the platform origin (from the issuer) it should name it.
   */
  readonly targetOrigin?: string | undefined
}

/** A JSON literal safe inside an inline `<script>` (no `</script>`, no `<!--`). */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
}

function checkedOrigin(targetOrigin: string | undefined): string {
  if (targetOrigin === undefined || targetOrigin === '*') return '*'
  let url: URL
  try {
    url = new URL(targetOrigin)
  } catch {
    throw new TypeError('targetOrigin must be "*" or an origin such as https://lms.example')
  }
  if (url.origin === 'null' || url.origin !== targetOrigin.replace(/\/$/, '')) {
    throw new TypeError('targetOrigin must be an origin (scheme, host and port only)')
  }
  return url.origin
}

/**
 * The script that ends a registration: it posts `{subject: 'org.imsglobal.lti.close'}` to the
 * window that opened the tool (popup) or to the parent frame (iframe), so the platform closes it
 * and refreshes its tool list.
 *
 * @example registrationCloseScript({ targetOrigin: 'https://lms.example' })
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-4-registration-completed-and-activation
 */
export function registrationCloseScript(options: RegistrationCloseOptions = {}): string {
  const message = scriptLiteral({ subject: REGISTRATION_CLOSE_SUBJECT })
  const origin = scriptLiteral(checkedOrigin(options.targetOrigin))
  return `(function () {
  var target = window.opener || (window.parent !== window ? window.parent : null);
  if (target) target.postMessage(${message}, ${origin});
})();`
}

/** Options of {@link registrationCloseHtml}. */
export interface RegistrationCloseHtmlOptions extends RegistrationCloseOptions {
  /** Visible text; escaped. */
  readonly message?: string | undefined
  /** A CSP nonce for the inline script (`script-src 'nonce-…'`). */
  readonly nonce?: string | undefined
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * A complete HTML page for the end of registration: a short message and
 * {@link registrationCloseScript}. Text is escaped; the script can carry a CSP nonce.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-4-registration-completed-and-activation
 */
export function registrationCloseHtml(options: RegistrationCloseHtmlOptions = {}): string {
  const message = escapeHtml(options.message ?? 'Registration complete. You can close this window.')
  if (options.nonce !== undefined && !/^[A-Za-z0-9+/=_-]{8,128}$/.test(options.nonce)) {
    throw new TypeError('nonce must be 8-128 base64 characters')
  }
  const nonce = options.nonce === undefined ? '' : ` nonce="${options.nonce}"`
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Registration complete</title></head>
<body>
<p>${message}</p>
<script${nonce}>
${registrationCloseScript(options)}
</script>
</body>
</html>
`
}
