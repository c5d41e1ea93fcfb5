/**
 * A browser-like HTTP client for tests that cross sites (ltihub and an identity provider): one
 * cookie jar per origin, redirects followed by hand so each hop can be inspected.
 */

export interface AgentResponse {
  readonly status: number
  readonly location: string | undefined
  readonly url: string
  readonly text: string
  readonly contentType: string
}

export class TestAgent {
  readonly #jars = new Map<string, Map<string, string>>()

  /** The cookies this agent holds for `origin` (name to value). */
  cookies(origin: string): Map<string, string> {
    let jar = this.#jars.get(origin)
    if (jar === undefined) {
      jar = new Map()
      this.#jars.set(origin, jar)
    }
    return jar
  }

  #store(origin: string, response: Response) {
    const jar = this.cookies(origin)
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const gone = attributes.some((attribute) => {
        const [key = '', val = ''] = attribute.trim().split('=')
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0
        if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now()
        return false
      })
      if (gone || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }

  /** One request, no redirect followed; `form` posts url-encoded fields. */
  async request(
    url: string,
    options: {
      method?: string
      form?: Record<string, string>
      headers?: Record<string, string>
    } = {},
  ): Promise<AgentResponse> {
    const target = new URL(url)
    const jar = this.cookies(target.origin)
    const headers: Record<string, string> = { ...options.headers }
    if (jar.size > 0) {
      headers['cookie'] = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const response = await fetch(target, {
      method: options.method ?? (options.form === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(options.form === undefined ? {} : { body: new URLSearchParams(options.form) }),
    })
    this.#store(target.origin, response)
    const location = response.headers.get('location') ?? undefined
    return {
      status: response.status,
      location: location === undefined ? undefined : new URL(location, target).href,
      url: target.href,
      text: await response.text(),
      contentType: response.headers.get('content-type') ?? '',
    }
  }
}

/**
 * Signs in at a test OpenID provider (oidc-provider's own login and consent pages) starting from
 * its authorization URL, as `accountId`; resolves the URL the provider sends the browser back to
 * (the client's redirect URI with `code` and `state`), without requesting it.
 */
export async function signInAtProvider(
  agent: TestAgent,
  authorizationUrl: string,
  accountId: string,
): Promise<URL> {
  let url = authorizationUrl
  const issuerOrigin = new URL(authorizationUrl).origin
  for (let hop = 0; hop < 12; hop += 1) {
    const response = await agent.request(url)
    if (response.location !== undefined) {
      if (new URL(response.location).origin !== issuerOrigin) return new URL(response.location)
      url = response.location
      continue
    }
    if (response.status !== 200) {
      throw new Error(`provider answered ${response.status} at ${url}: ${response.text}`)
    }
    const prompt = /name="prompt" value="(\w+)"/.exec(response.text)?.[1]
    const form =
      prompt === 'login' ? { prompt, login: accountId, password: 'x' } : { prompt: 'consent' }
    const submitted = await agent.request(url, { form })
    if (submitted.location === undefined) {
      throw new Error(`provider did not accept the ${prompt ?? '?'} form: ${submitted.status}`)
    }
    url = submitted.location
  }
  throw new Error('too many hops at the provider')
}
