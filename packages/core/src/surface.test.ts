import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The public surface of `@ltihub/core` (house style §3): the subpaths of `package.json#exports`,
 * the explicit export list of `src/index.ts`, and the rule that the protocol core runs on any
 * runtime with web-standard Request/Response and WebCrypto (no HTTP framework, no database
 * driver, no Node built-in).
 */
const SRC = dirname(fileURLToPath(import.meta.url))
const PACKAGE_DIR = dirname(SRC)
const packageJson = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  exports: Record<string, Record<string, string>>
  dependencies: Record<string, string>
}

/** Module specifiers the core must never import: HTTP frameworks, servers, database drivers. */
const FORBIDDEN_PACKAGES = [
  'fastify',
  'express',
  'hono',
  'koa',
  'kysely',
  'better-sqlite3',
  'pg',
  'mysql',
  'mysql2',
  'undici',
]

const isTestFile = (file: string) =>
  /\.test(-d)?\.tsx?$/.test(file) || /(^|[/\\])test-support\.ts$/.test(file)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  })
}

const featureDirs = readdirSync(SRC).filter((name) => existsSync(join(SRC, name, 'index.ts')))

describe('package.json exports', () => {
  const entries = Object.entries(packageJson.exports)

  it.each(entries)('subpath %s resolves to an existing index.ts', (subpath, conditions) => {
    const expected = subpath === '.' ? './src/index.ts' : `./src/${subpath.slice(2)}/index.ts`
    expect(conditions['source']).toBe(expected)
    expect(existsSync(join(PACKAGE_DIR, expected))).toBe(true)
    // The built files mirror the source path (there is no wildcard export, house style §3).
    const built = expected.replace('./src/', './dist/')
    expect(conditions['types']).toBe(built.replace(/\.ts$/, '.d.ts'))
    expect(conditions['default']).toBe(built.replace(/\.ts$/, '.js'))
  })

  it('has a subpath for every feature folder and no wildcard', () => {
    const subpaths = entries.map(([subpath]) => subpath)
    expect(subpaths.filter((subpath) => subpath.includes('*'))).toEqual([])
    for (const feature of featureDirs) expect(subpaths).toContain(`./${feature}`)
    expect(subpaths).not.toContain('./internal')
  })
})

/** The exports of the root and of each feature index, resolved to their declarations. */
function loadSurface() {
  const rootFile = join(SRC, 'index.ts')
  const featureFiles = featureDirs.map((feature) => join(SRC, feature, 'index.ts'))
  const program = ts.createProgram([rootFile, ...featureFiles], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const exportsOf = (file: string) => {
    const sourceFile = program.getSourceFile(file)
    const symbol = sourceFile && checker.getSymbolAtLocation(sourceFile)
    if (symbol === undefined) throw new Error(`no module symbol for ${file}`)
    return checker.getExportsOfModule(symbol).map((exported) => {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const files = (target.declarations ?? []).map((d) =>
        relative(SRC, d.getSourceFile().fileName),
      )
      return { name: exported.name, target, files }
    })
  }
  return {
    root: exportsOf(rootFile),
    features: featureDirs.map((feature, index) => ({
      feature,
      names: exportsOf(featureFiles[index] ?? ''),
    })),
  }
}

describe('root index (src/index.ts)', () => {
  const surface = loadSurface()

  it('exports the names most integrators need, not every feature name', () => {
    // The full surface stays on the feature subpaths; the root is a curated list (README).
    expect(surface.root.length).toBeGreaterThan(100)
    expect(surface.root.length).toBeLessThanOrEqual(200)
    for (const entry of surface.root) expect(entry.files.length, entry.name).toBeGreaterThan(0)
  })

  it('exports no name starting with "_"', () => {
    expect(surface.root.filter((entry) => entry.name.startsWith('_')).map((e) => e.name)).toEqual(
      [],
    )
  })

  it('exports nothing declared in a test or test-support file', () => {
    const leaked = surface.root.filter((entry) => entry.files.some(isTestFile))
    expect(leaked.map((entry) => `${entry.name} (${entry.files.join(', ')})`)).toEqual([])
  })

  it('has no `export *`', () => {
    const text = readFileSync(join(SRC, 'index.ts'), 'utf8')
    expect(text).not.toMatch(/^\s*export\s+\*/m)
    for (const feature of featureDirs) {
      expect(readFileSync(join(SRC, feature, 'index.ts'), 'utf8')).not.toMatch(/^\s*export\s+\*/m)
    }
  })

  it('exports each name under the same name as its feature subpath does', () => {
    // Root-only: the ports, the clock and the bounded body readers, which belong to no feature.
    const rootOnly = (files: readonly string[]) =>
      files.every((file) => file === 'ports.ts' || file.startsWith(`internal${sep}`))
    const sameOnSubpath = (name: string, target: ts.Symbol) =>
      surface.features.some(({ names }) =>
        names.some((entry) => entry.name === name && entry.target === target),
      )
    const elsewhere = surface.root
      .filter((entry) => !rootOnly(entry.files) && !sameOnSubpath(entry.name, entry.target))
      .map((entry) => entry.name)
    expect(elsewhere).toEqual([])
  })

  it('exports the same values at runtime as the feature subpaths', async () => {
    const root = (await import('./index.js')) as Record<string, unknown>
    const launch = (await import('./launch/index.js')) as Record<string, unknown>
    expect(root['verifyIdToken']).toBe(launch['verifyIdToken'])
    const claims = (await import('./claims/index.js')) as Record<string, unknown>
    expect(root['launchView']).toBe(claims['launchView'])
    for (const name of Object.keys(root)) expect(root[name], name).toBeDefined()
  })
})

describe('runtime independence of the core', () => {
  const files = sourceFiles(SRC).filter((file) => !isTestFile(file))
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))
  const allowed = new Set(Object.keys(packageJson.dependencies))

  const importsOf = (file: string) =>
    ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName)

  it('scans the non-test source files', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(files).toContain(join(SRC, 'launch', 'tool.ts'))
  })

  it('imports no HTTP framework, server, database driver or Node built-in (node:crypto included)', () => {
    const found = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          const name = specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : (specifier.split('/')[0] ?? '')
          return FORBIDDEN_PACKAGES.includes(name) || builtins.has(name) || builtins.has(specifier)
        })
        .map((specifier) => `${relative(SRC, file).split(sep).join('/')}: ${specifier}`),
    )
    expect(found).toEqual([])
  })

  it('imports only its declared dependencies besides relative modules', () => {
    const undeclared = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.'))
        .filter((specifier) => {
          const parts = specifier.split('/')
          const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '')
          return !allowed.has(name)
        })
        .map((specifier) => `${relative(SRC, file)}: ${specifier}`),
    )
    expect(undeclared).toEqual([])
  })

  it('the scan recognises a forbidden import (the check can fail)', () => {
    const sample = "import { createServer } from 'node:http'\nimport pg from 'pg'\n"
    const specifiers = ts.preProcessFile(sample, true, true).importedFiles.map((i) => i.fileName)
    expect(specifiers).toEqual(['node:http', 'pg'])
    expect(specifiers.every((s) => builtins.has(s) || FORBIDDEN_PACKAGES.includes(s))).toBe(true)
  })
})
