import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/*
 * Every request ltihub sends goes through the one outbound client (address policy, timeouts,
 * size cap). This keeps it so: no production file of any package calls the global `fetch`, except
 * the libraries' documented default for hosts that inject nothing (`unguardedFetch`), which the
 * server never relies on (it injects `context.outbound`; the outbound-policy suite replaces the
 * global with one that fails).
 */

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url))

/** Files allowed to reach the global `fetch`, with the reason. */
const ALLOWED: Readonly<Record<string, string>> = {
  'core/src/outbound/unguarded.ts': 'the libraries’ default when the host injects no client',
  'server/src/features/school/test-session.ts':
    'HTTP-test helper calling this server, never in a role',
}

const isProduction = (path: string) =>
  /\.tsx?$/.test(path) &&
  !/\.test(-d)?\.tsx?$/.test(path) &&
  !/(^|\/)(testing|test-d|examples|test-support)(\/|\.ts)/.test(path) &&
  !path.endsWith('.d.ts')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : [path]
  })
}

/** Code lines only: comment lines (JSDoc examples show `fetch(request)`) are skipped. */
const codeLines = (text: string) =>
  text.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))

const GLOBAL_FETCH = [
  /(?<![\w.$#])fetch\s*\(/, // fetch(…), not x.fetch(…) or #fetch(
  /globalThis\s*\.\s*fetch\b/,
  /\?\?\s*fetch\b/, // options.fetch ?? fetch
  /[:=]\s*fetch\s*[,)}\n]/, // { fetch: fetch }, = fetch
]

describe('no production code calls the global fetch', () => {
  const files = sourceFiles(PACKAGES)
    .map((path) => relative(PACKAGES, path).split('\\').join('/'))
    .filter((path) => /^[\w-]+\/src\//.test(path) && isProduction(path))

  it('scans the sources of every package', () => {
    expect(files.length).toBeGreaterThan(200)
    expect(files).toContain('core/src/outbound/client.ts')
  })

  it('finds the global fetch only where allowed', () => {
    const offenders = files.flatMap((path) => {
      if (ALLOWED[path] !== undefined) return []
      const text = readFileSync(join(PACKAGES, path), 'utf8')
      return codeLines(text)
        .filter((line) => GLOBAL_FETCH.some((pattern) => pattern.test(`${line}\n`)))
        .map((line) => `${path}: ${line.trim()}`)
    })
    expect(offenders).toEqual([])
  })

  it('still catches the forms it is meant to catch', () => {
    for (const line of [
      'await fetch(url)',
      'const f = options.fetch ?? fetch',
      'globalThis.fetch(request)',
      '{ fetch: fetch }',
    ]) {
      expect(
        GLOBAL_FETCH.some((pattern) => pattern.test(`${line}\n`)),
        line,
      ).toBe(true)
    }
    for (const line of ['runtime.fetch(request)', 'this.#fetch(id)', 'fetch: ctx.outbound,']) {
      expect(
        GLOBAL_FETCH.some((pattern) => pattern.test(`${line}\n`)),
        line,
      ).toBe(false)
    }
  })
})
