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
 * learner can quote it and an administrator can look it up. Private detail never appears; a
 * server-side (5xx) error shows its code with a generic text; an error without a code is a bare 500.
 */
export function errorPage(error: unknown, options: ErrorPageOptions = {}): Response {
  // The code of a coded error is public and documented; its description is shown when the
  // catalogue marks it exposable (client errors). Anything uncoded is a bare internal error.
  const status = isCodedError(error) ? error.status : 500
  const description =
    isCodedError(error) && error.expose ? error.description : 'Something went wrong on our side.'
  const code = isCodedError(error) ? error.code : 'ERR_INTERNAL'
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
