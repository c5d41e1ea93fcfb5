import { LtiError } from '../errors/lti-error.js'
import { readBoundedText } from '../internal/bounded-body.js'

/**
 * Reading OIDC parameters from a web `Request`: the query of a GET or the urlencoded body of a
 * POST, with size limits applied before anything is parsed, and duplicate parameters refused.
 */

/** Size limits for OIDC requests. Generous for real platforms, small enough to refuse floods. */
export const OIDC_LIMITS = {
  /** Longest accepted parameter value (an `lti_message_hint` is often a signed JWT). */
  maxParameterLength: 8 * 1024,
  /** Largest accepted query string or body of a login initiation or authentication request. */
  maxRequestBytes: 32 * 1024,
  /** Largest accepted body of a launch form post (it carries the id_token). */
  maxLaunchBodyBytes: 256 * 1024,
} as const

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'

export interface ReadParamsOptions {
  readonly methods: readonly ('GET' | 'POST')[]
  readonly maxBytes: number
}

async function readFormBody(request: Request, maxBytes: number): Promise<string> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== FORM_MEDIA_TYPE) {
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', {
      detail: `expected ${FORM_MEDIA_TYPE}, got ${mediaType === '' ? 'none' : mediaType}`,
    })
  }
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `content-length ${declared}` })
  }
  const text = await readBoundedText(request, maxBytes)
  if (text === undefined) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `form body over ${maxBytes} bytes` })
  }
  return text
}

/**
 * The raw parameters of a GET (query) or form POST (body) request.
 * @throws LtiError ERR_LTI_OIDC_METHOD_NOT_ALLOWED, ERR_LTI_UNSUPPORTED_MEDIA_TYPE,
 *   ERR_LTI_INPUT_TOO_LARGE
 */
export async function readParams(
  request: Request,
  options: ReadParamsOptions,
): Promise<URLSearchParams> {
  const method = request.method.toUpperCase()
  if (method === 'GET' && options.methods.includes('GET')) {
    const query = new URL(request.url).search
    if (query.length > options.maxBytes) {
      throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `query of ${query.length} chars` })
    }
    return new URLSearchParams(query)
  }
  if (method === 'POST' && options.methods.includes('POST')) {
    return new URLSearchParams(await readFormBody(request, options.maxBytes))
  }
  throw new LtiError('ERR_LTI_OIDC_METHOD_NOT_ALLOWED', { detail: `method ${method}` })
}

/**
 * Picks single-valued parameters. A repeated parameter is refused rather than resolved (first or
 * last wins differs between stacks, which is how parameter-pollution attacks work); an empty value
 * reads as absent; an oversize value is refused.
 * @throws LtiError ERR_LTI_OIDC_DUPLICATE_PARAMETER, ERR_LTI_INPUT_TOO_LARGE
 */
export function pickParams<const K extends string>(
  params: URLSearchParams,
  names: readonly K[],
  maxLength: number = OIDC_LIMITS.maxParameterLength,
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {}
  for (const name of names) {
    const values = params.getAll(name)
    if (values.length > 1) throw new LtiError('ERR_LTI_OIDC_DUPLICATE_PARAMETER', { claim: name })
    const value = values[0]
    if (value === undefined || value === '') continue
    if (value.length > maxLength) {
      throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
        claim: name,
        detail: `${name} has ${value.length} chars`,
      })
    }
    picked[name] = value
  }
  return picked
}
