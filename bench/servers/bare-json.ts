// The floor of HTTP cost for the AGS benchmark: a bare node:http server that reads the request
// body, parses it as JSON and answers 204, nothing else. Prints `ready <url>`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { profileOnSignal } from './profiling.js'

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString())
      res.writeHead(204).end()
    } catch {
      res.writeHead(400).end()
    }
  })
})
server.keepAliveTimeout = 60_000
profileOnSignal()
server.listen(0, '127.0.0.1', () => {
  console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
