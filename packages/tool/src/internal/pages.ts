import { isCodedError } from '../errors/tool-error.js'
import { escapeHtml, htmlPage } from './html.js'

/** Options of {@link errorPage}. */
export interface ErrorPageOptions {
  /**
   * A link back to the platform. Only pass a URL from a VERIFIED message: an unverified one would
   * make the error page an open redirect.
   */
  readonly returnUrl?: string
  readonly headers?: ReadonlyArray<readonly [string, string]>
}

/**
 * The page every failed launch ends on: the public description and the stable error code, so a
 * learner can quote it and an administrator can look it up. Private detail never appears; an
 * error without a code becomes a bare 500.
 */
export function errorPage(error: unknown, options: ErrorPageOptions = {}): Response {
  const coded = isCodedError(error) && error.expose
  const status = isCodedError(error) ? error.status : 500
  const description = coded ? error.description : 'Something went wrong on our side.'
  const code = coded ? error.code : 'ERR_INTERNAL'
  const back =
    options.returnUrl !== undefined && /^https?:\/\//.test(options.returnUrl)
      ? `<p><a href="${escapeHtml(options.returnUrl)}">Return to the learning platform</a></p>`
      : ''
  return htmlPage({
    title: 'The launch did not succeed',
    status,
    body: `<h1>The launch did not succeed</h1>
<p>${escapeHtml(description)}</p>
<p>Error code: <code id="ltihub-error-code">${escapeHtml(code)}</code></p>
${back}`,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  })
}
