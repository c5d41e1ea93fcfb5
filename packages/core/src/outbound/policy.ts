import ipaddr from 'ipaddr.js'
import { LtiError } from '../errors/lti-error.js'
import { type AddressClass, classifyAddress, isLoopbackName, parseIp } from './address.js'

/**
 * Who ltihub may call. By default only public addresses, over https. An operator may allow
 * internal hosts or networks (`allow`); a development instance may call loopback, over http too.
 */
export interface OutboundPolicy {
  /**
   * Host names (`grades.school.internal`, `*.school.internal` for its subdomains) and networks
   * (`10.20.0.0/16`, `fd12::/48`, or one address) that may be called although internal, over http
   * too. Everything else must be a public address and https.
   */
  readonly allow?: readonly string[]
  /**
   * Loopback addresses (and `localhost`) may be called, over http too: a platform and a tool on
   * one developer machine. The server sets it only for an http loopback PUBLIC_URL outside
   * production.
   * @deprecated Development and tests only; greppable on purpose.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean
}

/** An allow-list entry, parsed once. */
export type AllowEntry =
  | { readonly type: 'host'; readonly name: string }
  | { readonly type: 'suffix'; readonly suffix: string }
  | { readonly type: 'network'; readonly network: ReturnType<typeof ipaddr.parseCIDR> }

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_][a-z0-9_-]{0,62})*$/

/**
 * Parses the allow-list. Misconfiguration throws `TypeError` naming the entry, so a typing error
 * fails at startup and never silently allows or refuses.
 */
export function parseAllowList(entries: readonly string[]): readonly AllowEntry[] {
  return entries.map((raw): AllowEntry => {
    const entry = raw.trim().toLowerCase()
    if (ipaddr.isValidCIDR(entry)) return { type: 'network', network: ipaddr.parseCIDR(entry) }
    const ip = parseIp(entry)
    if (ip !== undefined) {
      return { type: 'network', network: [ip, ip.kind() === 'ipv4' ? 32 : 128] }
    }
    if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) {
      return { type: 'suffix', suffix: entry.slice(1) }
    }
    if (HOST_NAME.test(entry)) return { type: 'host', name: entry }
    throw new TypeError(`outbound allow-list: "${raw}" is neither a host name nor a CIDR network`)
  })
}

/** The checked form of a policy, built once per client. */
export interface CompiledPolicy {
  readonly allow: readonly AllowEntry[]
  readonly allowLoopback: boolean
}

export function compilePolicy(policy: OutboundPolicy = {}): CompiledPolicy {
  return {
    allow: parseAllowList(policy.allow ?? []),
    allowLoopback: policy.dangerouslyAllowInsecureLoopback === true,
  }
}

function hostAllowed(policy: CompiledPolicy, hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return policy.allow.some(
    (entry) =>
      (entry.type === 'host' && entry.name === name) ||
      (entry.type === 'suffix' && name.endsWith(entry.suffix)),
  )
}

function networkAllowed(policy: CompiledPolicy, address: string): boolean {
  const ip = parseIp(address)
  if (ip === undefined) return false
  return policy.allow.some((entry) => {
    if (entry.type !== 'network') return false
    const [base] = entry.network
    return base.kind() === ip.kind() && ip.match(entry.network)
  })
}

/** How one address of a host is judged: `public`, `trusted` (allowed internal) or refused. */
export type AddressVerdict =
  | { readonly allowed: true; readonly trusted: boolean }
  | { readonly allowed: false; readonly class: AddressClass }

/** Whether ltihub may connect to `address` (an IP) for a URL naming `hostname`. */
export function judgeAddress(
  policy: CompiledPolicy,
  hostname: string,
  address: string,
): AddressVerdict {
  const found = classifyAddress(address)
  if (hostAllowed(policy, hostname) || networkAllowed(policy, address)) {
    return { allowed: true, trusted: true }
  }
  if (found.kind === 'public') return { allowed: true, trusted: false }
  if (found.kind === 'loopback' && policy.allowLoopback) return { allowed: true, trusted: true }
  return { allowed: false, class: found }
}

/** The refusal of an address, with the range in the private detail only. */
export function addressRefused(hostname: string, address: string, found: AddressClass): LtiError {
  const where = hostname === address ? address : `${hostname} (${address})`
  return new LtiError('ERR_OUTBOUND_ADDRESS_REFUSED', {
    detail: `${where} is a ${found.kind} address (${found.range})`,
  })
}

/**
 * What can be refused from the URL alone, before any DNS: a scheme other than http(s),
 * `localhost` names and internal IP literals. Returns the literal address, if the host is one.
 */
export function precheckUrl(policy: CompiledPolicy, url: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LtiError('ERR_OUTBOUND_INSECURE_SCHEME', { detail: `scheme ${url.protocol}` })
  }
  const literal = parseIp(url.hostname)?.toString()
  if (literal !== undefined) return literal
  if (isLoopbackName(url.hostname) && !policy.allowLoopback && !hostAllowed(policy, url.hostname)) {
    throw addressRefused(url.hostname, url.hostname, { kind: 'loopback', range: 'localhost' })
  }
  return undefined
}

/** Refuses plain http unless every address of the host is trusted (allow-list or dev loopback). */
export function checkScheme(url: URL, trusted: boolean): void {
  if (url.protocol === 'https:' || trusted) return
  throw new LtiError('ERR_OUTBOUND_INSECURE_SCHEME', {
    detail: `${url.protocol}//${url.host} is not https`,
  })
}
