// The raw RS256 signing rate: jose SignJWT with a fresh 2048-bit RSA key over a payload as large
// as a real id_token's, alone in this process, in a closed loop at concurrency 1 and 8 (jose signs
// through WebCrypto, whose RSA work runs on libuv's thread pool, so concurrency can use both cores).
// Prints `result {"concurrency1":…, "concurrency8":…, "cpuMsPerSign":…, …}` (CPU of the process,
// all threads, per signature at concurrency 8).
//
//   node --conditions=source --import tsx bench/servers/sign-rate.ts <payload-json-file> <ms>
import { readFileSync } from 'node:fs'
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { runLoad } from '../lib.js'

const file = process.argv[2]
if (file === undefined) throw new TypeError('usage: sign-rate.ts <payload-json-file> [ms]')
const durationMs = Number(process.argv[3] ?? '4000')
const payload = JSON.parse(readFileSync(file, 'utf8')) as JWTPayload
const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 })
const sign = () =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'JWT' })
    .sign(privateKey)

const token = await sign()
const rate = async (concurrency: number) => {
  // Warm-up: JIT and the thread pool.
  await runLoad({ concurrency, durationMs: 500, task: async () => void (await sign()) })
  return runLoad({ concurrency, durationMs, task: async () => void (await sign()) })
}
const one = await rate(1)
const cpuBefore = process.cpuUsage()
const eight = await rate(8)
const cpu = process.cpuUsage(cpuBefore)
console.log(
  `result ${JSON.stringify({
    concurrency1: one.perSecond,
    concurrency8: eight.perSecond,
    cpuMsPerSign: (cpu.user + cpu.system) / 1000 / Math.max(1, eight.completed),
    payloadBytes: JSON.stringify(payload).length,
    tokenBytes: token.length,
  })}`,
)
