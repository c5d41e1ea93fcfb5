/** The tool's public endpoints, derived from its public base URL. */
export interface ToolUrls {
  /** The public origin (`https://tool.example.com`). */
  readonly origin: string
  /** The base URL every endpoint hangs under, with a trailing slash. */
  readonly base: string
  /** OIDC login initiation (`initiate_login_uri`), GET and POST. */
  readonly login: string
  /** Redirect URI of LTI 1.3 and launch URL of LTI 1.1; also the default target link URI. */
  readonly launch: string
  /** The launch URL with a course external ID appended, for consumers without custom fields. */
  launchFor(courseExternalId: string): string
  /** Where the deep-linking picker posts the instructor's choice. */
  readonly deepLinking: string
  /** Dynamic Registration initiation URL. */
  readonly register: string
  /** The tool's public JSON Web Key Set. */
  readonly jwks: string
  /** The Basic LTI (cartridge) XML of a publication. */
  cartridge(publicationId: string): string
}

/** Path segments of the endpoints under the base URL; the router matches the same table. */
export const ROUTES = {
  login: 'lti/login',
  launch: 'lti/launch',
  deepLinking: 'lti/deep-linking',
  register: 'lti/register',
  jwks: 'lti/jwks',
  cartridge: 'lti/cartridge',
} as const

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/**
 * Parses and checks the public base URL: https (http only on a loopback host, for development),
 * no credentials, query or fragment. Throws `TypeError`: this is configuration, not input.
 */
export function parsePublicUrl(publicUrl: string): URL {
  if (!URL.canParse(publicUrl)) throw new TypeError('publicUrl must be an absolute URL')
  const url = new URL(publicUrl)
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname)
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new TypeError('publicUrl must be https (http is accepted only for localhost)')
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError('publicUrl must not carry credentials, a query or a fragment')
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`
  return url
}

/** The endpoint URLs of a tool published at `publicUrl`. */
export function toolUrls(publicUrl: string): ToolUrls {
  const base = parsePublicUrl(publicUrl)
  const at = (path: string) => new URL(path, base).href
  return {
    origin: base.origin,
    base: base.href,
    login: at(ROUTES.login),
    launch: at(ROUTES.launch),
    launchFor: (externalId) => `${at(ROUTES.launch)}/${encodeURIComponent(externalId)}`,
    deepLinking: at(ROUTES.deepLinking),
    register: at(ROUTES.register),
    jwks: at(ROUTES.jwks),
    cartridge: (publicationId) =>
      `${at(ROUTES.cartridge)}/${encodeURIComponent(publicationId)}.xml`,
  }
}

/** The course external ID a launch URL carries after `lti/launch/`, if any. */
export function externalIdInPath(urls: ToolUrls, requestUrl: string): string | undefined {
  const path = new URL(requestUrl).pathname
  const prefix = `${new URL(urls.launch).pathname}/`
  if (!path.startsWith(prefix)) return undefined
  const rest = path.slice(prefix.length)
  if (rest === '' || rest.includes('/')) return undefined
  try {
    return decodeURIComponent(rest)
  } catch {
    return undefined
  }
}
