/**
 * The world of the runtime's HTTP tests: a started server (platform role) with the school
 * fixture, a tool connection configured through the connections repository, the loopback test
 * tool, and a cookie-keeping "browser" that follows launches the way a browser would (frame
 * `src`, redirects, auto-posted forms).
 */
import { createServer } from 'node:net'
import { SCOPE } from '@ltihub/core'
import type { SettingName } from '../../../config/index.js'
import type { Feature } from '../../feature.js'
import { createApplication } from '../../connections/application-repository.js'
import { createConnection, getConnection } from '../../connections/connection-repository.js'
import type { ConnectionDraft } from '../../connections/model.js'
import { createSchoolFixture, type SchoolFixture } from '../../school/fixture.js'
import type { TestDatabase } from '../../../testing/databases.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { platformEndpoints, platformIssuer } from '../urls.js'
import { startTestTool, type TestTool } from './test-tool.js'

/** Signs a test user in (console session cookie), as a sign-in method would. */
const signInAs: Feature = {
  name: 'test-sign-in-as',
  async routes(app, ctx) {
    app.get('/console/sign-in/test-as/:userId', async (request, reply) => {
      const { userId } = request.params as { userId: string }
      // The session holds only the id: the school's records give the roles at each request.
      await ctx.sessions.signIn(
        request,
        reply,
        { id: userId, name: userId, roles: ['teacher'] },
        { method: 'demo' },
      )
      return reply.status(204).send()
    })
  },
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

const HTML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
}

export function unescapeHtml(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|#39|#x27);/g,
    (_m, name: string) => HTML_ENTITIES[name] ?? '',
  )
}

/** The `action` and hidden fields of the auto-posting form of a page. */
export function autoPostForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1]
  if (action === undefined) throw new Error(`no form in ${html.slice(0, 300)}`)
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields[unescapeHtml(match[1] ?? '')] = unescapeHtml(match[2] ?? '')
  }
  return { action: unescapeHtml(action), fields }
}

/** The launch frame `src` of a framed tool page. */
export function frameSrc(html: string): string {
  const src = /<iframe[^>]*src="([^"]*)"/.exec(html)?.[1]
  if (src === undefined) throw new Error(`no iframe in ${html.slice(0, 300)}`)
  return unescapeHtml(src)
}

/**
 * A browser of one user: keeps the platform's cookies (the session, the launch binding), never
 * follows redirects itself. `framed` requests stand for navigations inside a frame of a tool on
 * another site: only `SameSite=None` cookies go with them.
 */
export class Browser {
  readonly cookies = new Map<string, { value: string; sameSiteNone: boolean }>()
  constructor(readonly base: string) {}

  /** The `Cookie` header a same-site request carries. */
  get cookie(): string {
    return this.cookieHeader(false)
  }

  private cookieHeader(framed: boolean): string {
    return [...this.cookies]
      .filter(([, cookie]) => !framed || cookie.sameSiteNone)
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ')
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
      const [name = '', value = ''] = pair.split(/=(.*)/s)
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=.*1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else {
        const sameSiteNone = attributes.some((a) => /^samesite=none$/i.test(a))
        this.cookies.set(name, { value, sameSiteNone })
      }
    }
  }

  async signIn(userId: string): Promise<void> {
    this.keep(await fetch(`${this.base}/console/sign-in/test-as/${encodeURIComponent(userId)}`))
  }

  /** A request; cookies go to the platform only, as a browser would send them. */
  async fetch(url: string, init: RequestInit = {}, framed = false): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.cookieHeader(framed)
    if (url.startsWith(this.base) && cookie !== '') headers.set('cookie', cookie)
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    if (url.startsWith(this.base)) this.keep(response)
    return response
  }

  postForm(
    url: string,
    fields: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>,
    framed = false,
  ): Promise<Response> {
    const body = new URLSearchParams()
    const entries = Array.isArray(fields) ? fields : Object.entries(fields)
    for (const [name, value] of entries as ReadonlyArray<readonly [string, string]>)
      body.append(name, value)
    return this.fetch(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      },
      framed,
    )
  }

  /**
   * Follows a launch from the login initiation URL: the tool redirects to the authorization
   * endpoint, the platform answers with the auto-posted id_token, which goes to the tool.
   * Returns the authorization endpoint's auto-post and the tool's answer. `framed`: the tool
   * is framed on another site, so the authorization request carries no Lax session cookie.
   */
  async followLogin(
    loginUrl: string,
    framed = false,
  ): Promise<{ authUrl: string; form: ReturnType<typeof autoPostForm>; tool: Response }> {
    const initiation = await this.fetch(loginUrl)
    const authUrl = initiation.headers.get('location')
    if (initiation.status !== 302 || authUrl === null)
      throw new Error(`login initiation: ${initiation.status}`)
    const auth = await this.fetch(authUrl, {}, framed)
    const form = autoPostForm(await auth.text())
    const tool = await this.postForm(form.action, form.fields)
    return { authUrl, form, tool }
  }
}

export interface RuntimeWorld {
  readonly server: TestServer
  readonly base: string
  readonly fixture: SchoolFixture
  readonly tool: TestTool
  readonly connectionId: string
  readonly clientId: string
  readonly endpoints: ReturnType<typeof platformEndpoints>
  browser(): Browser
  /** Adds another connection (another application) and returns its id and client_id. */
  addConnection(
    name: string,
    draft?: Partial<ConnectionDraft>,
  ): Promise<{ id: string; clientId?: string }>
  close(): Promise<void>
}

const ALL_SERVICE_SCOPES = [
  SCOPE.lineItem,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.score,
  SCOPE.contextMembershipReadOnly,
]

/**
 * Starts the world. `publicUrl` (default: the server's own http URL) is what the platform
 * advertises; an https one (behind an imagined proxy) is needed for Dynamic Registration.
 */
export async function startRuntimeWorld(
  database: TestDatabase,
  now: number,
  options: {
    readonly publicUrl?: string
    readonly clock?: () => number
    /** More settings for the server (e.g. METRICS). */
    readonly env?: Partial<Record<SettingName, string>>
  } = {},
): Promise<RuntimeWorld> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const publicUrl = options.publicUrl ?? base
  const server = await startTestServer({
    database,
    env: { LTIHUB_ROLES: 'platform', PORT: String(port), PUBLIC_URL: publicUrl, ...options.env },
    extraFeatures: [signInAs],
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  const { db, cipher } = server.context
  const fixture = await createSchoolFixture(db, now)
  const tool = await startTestTool()
  const issuer = platformIssuer(publicUrl)
  const draftOf = (name: string, extra: Partial<ConnectionDraft>): ConnectionDraft => ({
    name,
    status: 'active',
    launchUrl: `${tool.origin}/launch`,
    transferEmail: true,
    sendName: true,
    types: ['learning-tool', 'score-passback', 'assignment-resource', 'embeddable-content'],
    learningToolsList: { student: true, parent: false },
    customParameters: {},
    lti13: {
      loginUrl: tool.loginUrl,
      redirectUris: [tool.redirectUri],
      targetLinkUri: `${tool.origin}/launch`,
      jwksUrl: tool.jwksUrl,
      allowedScopes: ALL_SERVICE_SCOPES,
    },
    schoolIds: [fixture.school.id],
    ...extra,
  })
  /** An LTI 1.1 connection when `extra` has a consumer key: no LTI 1.3 registration then. */
  const connectionDraft = (name: string, extra: Partial<ConnectionDraft>): ConnectionDraft => {
    const draft = draftOf(name, extra)
    const { lti13: _lti13, ...lti11Only } = draft
    return extra.lti11 === undefined ? draft : lti11Only
  }
  const addConnection = async (name: string, extra: Partial<ConnectionDraft> = {}) => {
    const applicationId = await createApplication(db, {
      partnerId: null,
      defaults: {
        name,
        description: '',
        launchUrl: `${tool.origin}/launch`,
        supportedTypes: [
          'learning-tool',
          'score-passback',
          'assignment-resource',
          'embeddable-content',
        ],
        ltiVersions: ['1.1', '1.3'],
        customParameters: {},
        transferEmail: true,
      },
      now,
    })
    const id = await createConnection(db, cipher, {
      applicationId,
      draft: connectionDraft(name, extra),
      issuer,
      now,
    })
    const clientId = (await getConnection(db, id))?.lti13?.clientId
    return { id, ...(clientId === undefined ? {} : { clientId }) }
  }
  const main = await addConnection('Quizzly')
  if (main.clientId === undefined) throw new Error('no client_id')
  const endpoints = platformEndpoints(publicUrl)
  tool.register({
    issuer,
    clientId: main.clientId,
    authorizationEndpoint: endpoints.authorization,
    tokenEndpoint: endpoints.token,
    jwksUrl: endpoints.jwks,
  })
  return {
    server,
    base,
    fixture,
    tool,
    connectionId: main.id,
    clientId: main.clientId,
    endpoints,
    browser: () => new Browser(base),
    addConnection,
    async close() {
      await tool.close()
      await server.close()
    },
  }
}
