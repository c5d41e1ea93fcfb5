import type { ErrorDefinition } from '../internal/core.js'

/** Renders `packages/tool/docs/errors.md` from the tool catalogue: one row per code, sorted. */
export function renderToolErrorDocs(catalogue: Readonly<Record<string, ErrorDefinition>>): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')
  const rows = Object.entries(catalogue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => {
      const spec = entry.spec === undefined ? '' : `[spec](${entry.spec})`
      return `| \`${code}\` | ${entry.status} | ${cell(entry.description)} | ${cell(entry.cause)} | ${cell(entry.fix)} | ${spec} |`
    })
  return [
    '# Error codes of the tool layer',
    '',
    'Codes raised by `@ltihub/tool` itself (launch refusals, enrolment rules, tool pages). Protocol',
    'errors keep the codes of `@ltihub/core`, listed in `docs/errors.md` at the repository root.',
    'Every failed launch shows a page with the description and the code; detail stays in the log.',
    '',
    'Generated from `packages/tool/src/errors/catalogue.ts` by',
    '`npx tsx packages/tool/src/errors/write-docs.ts`; a test fails when the two differ.',
    '',
    '| Code | Status | Meaning | Likely cause | Fix | Rule |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}

/**
 * The docs as `prettier` formats them (tables aligned), so `npm run format` leaves the generated
 * file as it is and the docs test stays green.
 */
export async function formattedToolErrorDocs(
  catalogue: Readonly<Record<string, ErrorDefinition>>,
): Promise<string> {
  const prettier = await import('prettier')
  const path = new URL('../../docs/errors.md', import.meta.url).pathname
  const config = (await prettier.resolveConfig(path)) ?? {}
  return prettier.format(renderToolErrorDocs(catalogue), { ...config, parser: 'markdown' })
}
