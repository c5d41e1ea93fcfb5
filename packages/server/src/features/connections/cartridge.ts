/**
 * Configuration from a cartridge URL: fetch a standalone `cartridge_basiclti_link` through the
 * outbound client (address policy, timeouts) with a size limit, parse it with core, and prefill a
 * connection. The key and secret are never in the XML; the administrator enters them.
 * @see https://www.imsglobal.org/specs/ltiv1p0/implementation-guide
 */
import { isLtiError, readBoundedBytes } from '@ltihub/core'
import { DEFAULT_MAX_CARTRIDGE_BYTES, parseBasicLtiLink } from '@ltihub/core/cartridge'
import { formatCustomParameterLines } from '@ltihub/core/custom'
import { fieldErrors } from './fields.js'
import { toolUrlProblem } from './urls.js'

/** What a cartridge prefills in a new connection. */
export interface CartridgePrefill {
  readonly name: string
  readonly description: string
  readonly launchUrl: string
  /** Custom parameters as "name=value" lines. */
  readonly customParameters: string
  readonly iconUrl?: string
}

const refuse = (message: string) => fieldErrors([{ path: 'url', message }])

/**
 * Fetches the XML at `url`. The outbound client's refusals and timeouts pass on with their
 * `ERR_OUTBOUND_*` code; anything else becomes a field problem saying what went wrong.
 */
async function fetchCartridge(url: string, fetcher: typeof fetch): Promise<Uint8Array> {
  let response: Response
  try {
    response = await fetcher(url, { headers: { accept: 'application/xml, text/xml' } })
  } catch (error) {
    if (isLtiError(error)) throw error
    throw refuse('the URL could not be fetched')
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw refuse(`the URL answered HTTP ${response.status}`)
  }
  // A body cut off by the client (too slow, too large) rejects with its ERR_OUTBOUND_* code.
  const bytes = await readBoundedBytes(response, DEFAULT_MAX_CARTRIDGE_BYTES)
  if (bytes === undefined)
    throw refuse(`the cartridge is larger than ${DEFAULT_MAX_CARTRIDGE_BYTES} bytes`)
  return bytes
}

/**
 * Imports a cartridge: the secure launch URL is preferred when this platform is https (the
 * spec's advice); http URLs are accepted only where the connection form accepts them.
 * Malformed XML raises the core LtiError (`ERR_LTI_MALFORMED_XML`, `ERR_LTI_INPUT_TOO_LARGE`).
 */
export async function importCartridge(
  url: string,
  publicUrl: string,
  fetcher: typeof fetch,
): Promise<CartridgePrefill> {
  const problem = toolUrlProblem(url, publicUrl)
  if (problem !== undefined) throw refuse(`the cartridge URL ${problem}`)
  const link = parseBasicLtiLink(await fetchCartridge(url, fetcher))
  const https = new URL(publicUrl).protocol === 'https:'
  const launchUrl = (https ? link.secureLaunchUrl : undefined) ?? link.launchUrl
  const launchProblem = toolUrlProblem(launchUrl, publicUrl)
  if (launchProblem !== undefined && link.secureLaunchUrl === undefined) {
    throw refuse(`the cartridge's launch URL ${launchProblem}`)
  }
  const icon = link.secureIcon ?? link.icon
  let customParameters: string
  try {
    customParameters = formatCustomParameterLines(link.custom ?? {})
  } catch {
    throw refuse('a custom parameter of the cartridge cannot be written as a "name=value" line')
  }
  return {
    name: link.title.slice(0, 100),
    description: (link.description ?? '').slice(0, 2000),
    launchUrl: launchProblem === undefined ? launchUrl : (link.secureLaunchUrl ?? launchUrl),
    customParameters,
    ...(icon === undefined ? {} : { iconUrl: icon }),
  }
}
