// Types for the `oauth-sign` dev dependency, used only to cross-check our signatures in tests.
declare module 'oauth-sign' {
  type Params = Record<string, string | string[]>
  export function hmacsign(
    httpMethod: string,
    baseUri: string,
    params: Params,
    consumerSecret: string,
    tokenSecret?: string,
  ): string
  export function hmacsign256(
    httpMethod: string,
    baseUri: string,
    params: Params,
    consumerSecret: string,
    tokenSecret?: string,
  ): string
  export function generateBase(httpMethod: string, baseUri: string, params: Params): string
  export function rfc3986(value: string): string
}
