import ipaddr from 'ipaddr.js'

/**
 * What kind of address a host is, by its IP alone. `public`: global unicast, the only kind called
 * without an operator's say-so. `loopback`: this machine (a development instance may call it).
 * `internal`: everything else a server must not be made to call (RFC 1918, link-local and cloud
 * metadata, CGNAT, unique-local, multicast, unspecified, documentation, benchmarking, reserved).
 */
export type AddressKind = 'public' | 'loopback' | 'internal'

/** The kind of an address and the IANA range that decided it (for logs). */
export interface AddressClass {
  readonly kind: AddressKind
  readonly range: string
}

type Ip = ipaddr.IPv4 | ipaddr.IPv6

/** IPv6 ranges that carry an IPv4 address: they reach that address, so they are judged by it. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo'])

/** The IPv4 addresses an IPv6 transition address leads to (Teredo: server and client). */
function embeddedIpv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4[] {
  const bytes = address.toByteArray()
  const v4 = (at: number, invert = false) =>
    new ipaddr.IPv4(bytes.slice(at, at + 4).map((byte) => (invert ? ~byte & 0xff : byte)))
  if (range === '6to4') return [v4(2)]
  if (range === 'teredo') return [v4(4), v4(12, true)]
  return [v4(12)]
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  const range = address.range()
  if (range === 'unicast') return { kind: 'public', range }
  return { kind: range === 'loopback' ? 'loopback' : 'internal', range }
}

const GLOBAL_UNICAST = ipaddr.IPv6.parse('2000::')

function classifyIp(address: Ip): AddressClass {
  if (address.kind() === 'ipv4') return classifyIpv4(address as ipaddr.IPv4)
  const v6 = address as ipaddr.IPv6
  const range = v6.range()
  if (EMBEDS_IPV4.has(range)) {
    const verdicts = embeddedIpv4(v6, range).map(classifyIpv4)
    const worst = verdicts.find((verdict) => verdict.kind !== 'public') ?? verdicts[0]
    return { kind: worst?.kind ?? 'internal', range: `${range}/${worst?.range ?? ''}` }
  }
  if (range === 'loopback') return { kind: 'loopback', range }
  // ipaddr.js calls every unlisted address unicast; only 2000::/3 is global unicast.
  if (range === 'unicast' && v6.match(GLOBAL_UNICAST, 3)) return { kind: 'public', range }
  return { kind: 'internal', range }
}

/** The IP address a URL host or resolver answer names (`[::1]` included), or undefined. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare)
  return ipaddr.IPv6.isValid(bare) ? ipaddr.IPv6.parse(bare) : undefined
}

/**
 * The class of an IP address as text (`10.0.0.1`, `::ffff:127.0.0.1`, `[fd00::1]`). Anything that
 * is not an IP address is `internal`: never call what cannot be judged.
 */
export function classifyAddress(text: string): AddressClass {
  const ip = parseIp(text)
  return ip === undefined ? { kind: 'internal', range: 'unparsable' } : classifyIp(ip)
}

/**
 * `localhost` and its subdomains are loopback by name (RFC 6761), whatever a resolver says. Host
 * names come from the WHATWG URL parser, which already turned `2130706433`, `0x7f000001`,
 * `0177.0.0.1` and `127.1` into `127.0.0.1`.
 */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return name === 'localhost' || name.endsWith('.localhost')
}
