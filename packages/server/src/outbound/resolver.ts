import { lookup } from 'node:dns/promises'
import type { OutboundResolver } from '@ltihub/core'

/** Every address of a host name, from the system resolver (the same one a socket would ask). */
export const systemResolver: OutboundResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((found) => ({
    address: found.address,
    family: found.family === 6 ? 6 : 4,
  }))
