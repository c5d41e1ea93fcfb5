import { isCodedError, ToolError } from '../errors/tool-error.js'
import { type AddressClass, classifyAddress, classifyHostName } from '../internal/address.js'
import { UpstreamError } from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'

/*
 * The Dynamic Registration page is open to anyone, and the URLs it calls come from whoever opened
 * it: without these checks it would fetch any address the server can reach (cloud metadata,
 * intranet services) on request. Every URL it calls or stores for later calls passes here.
 */

function refused(field: string, detail: string): ToolError {
  // The detail (which address) stays in the log: the page says only that it was refused.
  return new ToolError('ERR_LTI_DR_ADDRESS_REFUSED', { detail: `${field}: ${detail}` })
}

function isAllowed(kind: AddressClass, allowLoopback: boolean): boolean {
  return kind === 'public' || (kind === 'loopback' && allowLoopback)
}

async function resolved(runtime: ToolRuntime, field: string, host: string): Promise<string[]> {
  const resolve = runtime.dynamicRegistration.resolveHost
  if (resolve === undefined) return []
  try {
    const addresses = [...(await resolve(host))]
    if (addresses.length > 0) return addresses
  } catch (cause) {
    throw new UpstreamError('ERR_LTI_UPSTREAM_UNAVAILABLE', {
      upstreamStatus: 0,
      retryable: true,
      cause,
      detail: `${field}: ${host} does not resolve`,
    })
  }
  throw refused(field, `${host} resolves to no address`)
}

/**
 * Refuses a platform URL the registration page must not call: not https (http only on loopback
 * in development), or a host that is, or resolves to, anything but a public address (loopback is
 * allowed in development).
 *
 * @throws ToolError `ERR_LTI_DR_ADDRESS_REFUSED`; UpstreamError when the name does not resolve.
 */
export async function checkPlatformAddress(
  runtime: ToolRuntime,
  field: string,
  value: string,
): Promise<void> {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (url === undefined) throw refused(field, 'not a URL')
  const { checkUrl } = runtime.dynamicRegistration
  if (checkUrl !== undefined) return checkByHostPolicy(checkUrl, field, url)
  const allowLoopback = runtime.allowInsecureLoopback
  const byName = classifyHostName(url.hostname)
  const plainHttpOk = allowLoopback && byName === 'loopback' && url.protocol === 'http:'
  if (url.protocol !== 'https:' && !plainHttpOk) throw refused(field, `scheme ${url.protocol}`)
  if (byName !== undefined) {
    if (!isAllowed(byName, allowLoopback)) throw refused(field, `${byName} host ${url.hostname}`)
    return
  }
  for (const address of await resolved(runtime, field, url.hostname)) {
    const kind = classifyAddress(address) ?? 'private'
    if (!isAllowed(kind, allowLoopback)) {
      throw refused(field, `${url.hostname} resolves to a ${kind} address`)
    }
  }
}

const POLICY_REFUSALS = new Set(['ERR_OUTBOUND_ADDRESS_REFUSED', 'ERR_OUTBOUND_INSECURE_SCHEME'])

/** The host's outbound policy decides; its refusals become the page's own code. */
async function checkByHostPolicy(
  checkUrl: (url: URL) => Promise<void>,
  field: string,
  url: URL,
): Promise<void> {
  try {
    await checkUrl(url)
  } catch (error) {
    if (isCodedError(error) && POLICY_REFUSALS.has(error.code)) {
      throw refused(field, `${error.code}: ${error.detail ?? url.host}`)
    }
    if (isCodedError(error)) throw error
    throw new UpstreamError('ERR_LTI_UPSTREAM_UNAVAILABLE', {
      upstreamStatus: 0,
      retryable: true,
      cause: error,
      detail: `${field}: ${url.host} could not be checked`,
    })
  }
}

/**
 * Refuses a registration the host does not admit now: Dynamic Registration turned off, or too
 * many registrations waiting for an administrator (the page is open to anyone, each visit may
 * add one).
 *
 * @throws ToolError `ERR_LTI_DR_CLOSED` or `ERR_LTI_DR_TOO_MANY_PENDING`.
 */
export async function checkAdmission(runtime: ToolRuntime): Promise<void> {
  const admission = await runtime.dynamicRegistration.admission()
  if (admission === 'closed') throw new ToolError('ERR_LTI_DR_CLOSED')
  if (admission === 'full') throw new ToolError('ERR_LTI_DR_TOO_MANY_PENDING')
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

/**
 * Sends one registration request and reads its answer within the time limit (the body included:
 * a platform that trickles its answer is cut off too). A timeout becomes `ERR_LTI_DR_TIMEOUT`; a
 * network failure `ERR_LTI_UPSTREAM_UNAVAILABLE`; coded errors pass unchanged.
 */
export async function callPlatform<T>(
  runtime: ToolRuntime,
  request: Request,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const { fetch: send, timeoutMs } = runtime.dynamicRegistration
  const signal = AbortSignal.timeout(timeoutMs)
  const where = `${request.method} ${new URL(request.url).origin}`
  // Raced as well as passed on: a fetch that ignores the signal cannot hold the page either.
  const timedOut = new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
  })
  timedOut.catch(() => undefined)
  try {
    const response = await Promise.race([send(new Request(request, { signal })), timedOut])
    return await Promise.race([read(response), timedOut])
  } catch (error) {
    if (signal.aborted || isTimeout(error)) {
      throw new ToolError('ERR_LTI_DR_TIMEOUT', { detail: `${where} after ${timeoutMs} ms` })
    }
    if (isCodedError(error)) throw error
    throw new UpstreamError('ERR_LTI_UPSTREAM_UNAVAILABLE', {
      upstreamStatus: 0,
      retryable: true,
      cause: error,
      detail: `network error for ${where}: ${String(error)}`,
    })
  }
}
