/**
 * Which network addresses the tool may call when a URL comes from someone it does not trust yet
 * (Dynamic Registration: anyone may open the registration page). Pure functions over address
 * text, no DNS: the host resolves names and passes the addresses in.
 */

/**
 * `public`: a global unicast address. `loopback`: this machine (development only). `private`:
 * everything else a server must not be made to call: RFC 1918 and unique local networks,
 * link-local (cloud metadata services), carrier-grade NAT, unspecified, multicast, documentation
 * and reserved ranges.
 */
export type AddressClass = 'public' | 'loopback' | 'private'

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN))
  return octets.every((octet) => octet >= 0 && octet <= 255) ? octets : undefined
}

/** An IPv6 address as eight 16-bit groups (an IPv4 tail becomes the last two). */
function parseIpv6(text: string): number[] | undefined {
  const zoneless = text.split('%', 1)[0] ?? ''
  const halves = zoneless.split('::')
  if (halves.length > 2) return undefined
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return []
    const groups: number[] = []
    const pieces = half.split(':')
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece)
        if (v4 === undefined) return undefined
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0))
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(Number.parseInt(piece, 16))
      } else {
        return undefined
      }
    }
    return groups
  }
  const head = groupsOf(halves[0] ?? '')
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : []
  if (head === undefined || tail === undefined) return undefined
  if (halves.length === 1) return head.length === 8 ? head : undefined
  const missing = 8 - head.length - tail.length
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined
}

const inRange = (octets: readonly number[], base: readonly number[], bits: number): boolean => {
  for (let bit = 0; bit < bits; bit++) {
    const index = Math.floor(bit / 8)
    const mask = 0x80 >> (bit % 8)
    if (((octets[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false
  }
  return true
}

/** Non-public IPv4 ranges (IANA special-purpose registry), as [base, prefix length]. */
const IPV4_PRIVATE: readonly (readonly [readonly number[], number])[] = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4],
  [[240, 0, 0, 0], 4],
]

function classifyIpv4(octets: readonly number[]): AddressClass {
  if (octets[0] === 127) return 'loopback'
  return IPV4_PRIVATE.some(([base, bits]) => inRange(octets, base, bits)) ? 'private' : 'public'
}

const bytesOf = (groups: readonly number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff])

/** Non-public ranges inside 2000::/3 (IANA protocol assignments, documentation, 6to4). */
const IPV6_PRIVATE_GLOBAL: readonly (readonly [readonly number[], number])[] = [
  [[0x20, 0x01, 0x00, 0x00], 23],
  [[0x20, 0x01, 0x0d, 0xb8], 32],
  [[0x20, 0x02], 16],
  [[0x3f, 0xff], 20],
]

function classifyIpv6(groups: readonly number[]): AddressClass {
  const bytes = bytesOf(groups)
  const zeroPrefix = groups.slice(0, 5).every((g) => g === 0)
  if (zeroPrefix && groups[5] === 0xffff) return classifyIpv4(bytes.slice(12))
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'loopback'
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return classifyIpv4(bytes.slice(12))
  }
  if (!inRange(bytes, [0x20], 3)) return 'private'
  return IPV6_PRIVATE_GLOBAL.some(([base, bits]) => inRange(bytes, base, bits))
    ? 'private'
    : 'public'
}

/**
 * The class of an IP address (`10.0.0.1`, `::1`, `[fe80::1]`), or undefined when the text is not
 * one. IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address they carry.
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const v4 = parseIpv4(bare)
  if (v4 !== undefined) return classifyIpv4(v4)
  if (!bare.includes(':')) return undefined
  const v6 = parseIpv6(bare)
  return v6 === undefined ? 'private' : classifyIpv6(v6)
}

/**
 * The class of a URL host name when it can be told without DNS: an IP literal, or `localhost`
 * and its subdomains (RFC 6761: always loopback). Undefined for any other name.
 */
export function classifyHostName(hostname: string): AddressClass | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback'
  return classifyAddress(name)
}

/** Whether a URL's host is loopback by its name alone (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopbackUrl(url: URL): boolean {
  return classifyHostName(url.hostname) === 'loopback'
}
