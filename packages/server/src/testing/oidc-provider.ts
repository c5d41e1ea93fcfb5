/**
 * A real OpenID provider (panva's oidc-provider) on a loopback port, for single sign-on tests:
 * discovery, authorization with its built-in login and consent pages, token, userinfo and JWKS,
 * all over HTTP(S). Tests sign in as one of `accounts` by typing its id on the login page.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

export interface TestAccount {
  /** Typed on the provider's login page; becomes the `sub` claim. */
  readonly id: string
  readonly email: string
  readonly emailVerified: boolean
  readonly name?: string
}

export interface TestClient {
  readonly clientId: string
  readonly clientSecret: string
  readonly redirectUris: readonly string[]
}

export interface TestOidcProvider {
  /** The issuer identifier, e.g. `http://127.0.0.1:41234`. */
  readonly issuer: string
  readonly provider: Provider
  close(): Promise<void>
}

export interface TestOidcProviderOptions {
  readonly accounts: readonly TestAccount[]
  readonly clients: readonly TestClient[]
  /** Serve https with this certificate (PEM); plain http otherwise. */
  readonly tls?: { readonly key: string; readonly cert: string }
  /** The host name the issuer uses (default 127.0.0.1); the server listens on 127.0.0.1. */
  readonly hostname?: string
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return (server.address() as AddressInfo).port
}

export async function startOidcProvider(
  options: TestOidcProviderOptions,
): Promise<TestOidcProvider> {
  const server =
    options.tls === undefined ? createHttpServer() : createHttpsServer({ ...options.tls })
  const port = await listen(server)
  const scheme = options.tls === undefined ? 'http' : 'https'
  const issuer = `${scheme}://${options.hostname ?? '127.0.0.1'}:${port}`
  const accounts = new Map(options.accounts.map((account) => [account.id, account]))
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [crypto.randomUUID()] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    findAccount(_ctx, id) {
      const account = accounts.get(id)
      if (account === undefined) return undefined
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name ?? id,
        }),
      }
    },
  })
  const handle = provider.callback()
  server.on('request', (request, response) => {
    void handle(request, response)
  })
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
