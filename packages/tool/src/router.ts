import { ToolError } from './errors/tool-error.js'
import { ROUTES, type ToolUrls } from './urls.js'

/** The endpoint a request is for, with the parameter its path carries. */
export type Route =
  | { readonly endpoint: 'login' | 'launch' | 'deepLinking' | 'register' | 'jwks' }
  | { readonly endpoint: 'cartridge'; readonly publicationId: string }

const METHODS: Readonly<Record<Route['endpoint'], readonly string[]>> = {
  login: ['GET', 'POST'],
  launch: ['POST'],
  deepLinking: ['POST'],
  register: ['GET'],
  jwks: ['GET', 'HEAD'],
  cartridge: ['GET', 'HEAD'],
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function match(path: string): Route | undefined {
  if (path === ROUTES.login) return { endpoint: 'login' }
  if (path === ROUTES.launch || path.startsWith(`${ROUTES.launch}/`)) return { endpoint: 'launch' }
  if (path === ROUTES.deepLinking) return { endpoint: 'deepLinking' }
  if (path === ROUTES.register) return { endpoint: 'register' }
  if (path === ROUTES.jwks) return { endpoint: 'jwks' }
  const cartridge = new RegExp(`^${ROUTES.cartridge}/([^/]+)\\.xml$`).exec(path)
  const publicationId = cartridge?.[1] === undefined ? undefined : decoded(cartridge[1])
  return publicationId === undefined ? undefined : { endpoint: 'cartridge', publicationId }
}

/**
 * Finds the endpoint of a request by its path under the tool's base path (the host may serve the
 * tool behind a proxy: only the path is compared). Throws `ERR_LTI_ROUTE_NOT_FOUND` or
 * `ERR_LTI_METHOD_NOT_ALLOWED`.
 */
export function route(urls: ToolUrls, request: Request): Route {
  const basePath = new URL(urls.base).pathname
  const path = new URL(request.url).pathname
  const found = path.startsWith(basePath) ? match(path.slice(basePath.length)) : undefined
  if (found === undefined)
    throw new ToolError('ERR_LTI_ROUTE_NOT_FOUND', { detail: path.slice(0, 200) })
  if (!METHODS[found.endpoint].includes(request.method)) {
    throw new ToolError('ERR_LTI_METHOD_NOT_ALLOWED', {
      detail: `${request.method} ${found.endpoint}`,
    })
  }
  return found
}

/**
 * The path every endpoint of the tool lives under (`/lti/` below the base path): an adapter
 * mounted in a larger application answers these paths and leaves the others to the application.
 */
export function endpointsPath(urls: ToolUrls): string {
  return new URL('lti/', urls.base).pathname
}
