import type { ErrorDefinition } from './define.js'

/** Renders `docs/errors.md` from the catalogue: one row per code, sorted by code. */
export function renderErrorDocs(catalogue: Readonly<Record<string, ErrorDefinition>>): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')
  const rows = Object.entries(catalogue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => {
      const spec = entry.spec === undefined ? '' : `[spec](${entry.spec})`
      return `| \`${code}\` | ${entry.status} | ${cell(entry.description)} | ${cell(entry.cause)} | ${cell(entry.fix)} | ${spec} |`
    })
  return [
    '# Error codes',
    '',
    'Every error ltihub reports for bad input carries one of these stable codes, in logs, in',
    '`application/problem+json` bodies (`code`) and in LTI error responses. The description is what a',
    'caller sees; private detail stays in the server log.',
    '',
    'This file is generated from `packages/core/src/errors/catalogue.ts` by `npm run docs:errors`;',
    'a test fails when the two differ.',
    '',
    '| Code | Status | Meaning | Likely cause | Fix | Rule |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}
