// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, and
// self time by where the code lives (a package, ltihub's own packages, Node internals).
//
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs'
import { table } from './lib.js'

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
  readonly hitCount?: number
  readonly children?: readonly number[]
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Where a script lives: `pkg:<name>` for node_modules, `ltihub:<package>`, `node:` internals. */
export function origin(url: string): string {
  if (url === '') return '(native/VM)'
  if (url.startsWith('node:')) return 'node internals'
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules?.[1] !== undefined) return `pkg:${modules[1]}`
  const own = /\/packages\/([^/]+)\//.exec(url)
  if (own?.[1] !== undefined) return `ltihub:${own[1]}`
  return url.replace(/^file:\/\//, '')
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\/.*?\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/packages\//, '')
    .replace(/^file:\/\//, '')
}

export function summarise(profile: CpuProfile, top: number) {
  const selfUs = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0)
  const byFunction = new Map<string, number>()
  const byOrigin = new Map<string, number>()
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    if (us === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    const key = `${functionName || '(anonymous)'}  ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
    byOrigin.set(origin(url), (byOrigin.get(origin(url)) ?? 0) + us)
  }
  const rank = (map: Map<string, number>, column: string) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        'self %': ((100 * us) / total).toFixed(1),
        'self ms': (us / 1000).toFixed(0),
        [column]: name,
      }))
  return {
    totalMs: total / 1000,
    functions: rank(byFunction, 'function'),
    origins: rank(byOrigin, 'code'),
    native: rank(nativeByCaller(profile, selfUs), 'native function < its JS callers'),
  }
}

/**
 * Native functions (no script URL: SQLite statements, WebCrypto jobs, socket writes) by the JS
 * frames that called them, three deep: `run` alone could be better-sqlite3 or a crypto job.
 */
function nativeByCaller(profile: CpuProfile, selfUs: ReadonlyMap<number, number>) {
  const parent = new Map<number, number>()
  const byId = new Map<number, ProfileNode>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parent.set(child, node.id)
  }
  const result = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame
    if (frame === undefined || frame.url !== '' || frame.functionName.startsWith('(')) continue
    const chain: string[] = []
    for (let at = parent.get(id); at !== undefined && chain.length < 3; at = parent.get(at)) {
      const caller = byId.get(at)?.callFrame
      if (caller === undefined) break
      chain.push(
        `${caller.functionName || '(anonymous)'}@${shortUrl(caller.url).split('/').slice(-2).join('/')}`,
      )
    }
    const key = `${frame.functionName} < ${chain.join(' < ')}`
    result.set(key, (result.get(key) ?? 0) + us)
  }
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (file === undefined) throw new TypeError('usage: profile-summary.ts <file.cpuprofile> [top]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const result = summarise(profile, Number(process.argv[3] ?? '25'))
  console.log(`sampled ${result.totalMs.toFixed(0)} ms\n`)
  console.log(table(result.origins))
  console.log('')
  console.log(table(result.functions))
  console.log('')
  console.log(table(result.native))
}
