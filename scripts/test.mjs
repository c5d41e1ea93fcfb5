// The whole test suite, as the README's test command runs it: type-check, lint, format check, then
// every vitest suite. Each step runs even when an earlier one failed, so one run shows everything.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync } from 'node:fs'

const steps = [
  ['type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  [
    'tests',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-artifacts/vitest.json',
      ...process.argv.slice(2),
    ],
  ],
]

mkdirSync('test-artifacts', { recursive: true })
const failed = []
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`)
  const started = Date.now()
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' })
  console.log(
    `== ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  if (status !== 0) failed.push(name)
}

if (existsSync('test-artifacts/vitest.json')) {
  const report = JSON.parse(readFileSync('test-artifacts/vitest.json', 'utf8'))
  const skipped = report.numPendingTests + report.numTodoTests
  console.log(
    `\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
  )
}
if (failed.length > 0) {
  console.log(`failed steps: ${failed.join(', ')}`)
  process.exit(1)
}
