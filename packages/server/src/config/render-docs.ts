import { SETTING_DOCS, type SettingDoc } from './settings.js'

/**
 * Renders docs/operators/configuration.md from {@link SETTING_DOCS}. A test compares the file with
 * this output; after changing a setting run `npx vitest run packages/server/src/config -u`.
 */
export function renderConfigurationDocs(
  docs: Readonly<Record<string, SettingDoc>> = SETTING_DOCS,
): string {
  const sections = Object.entries(docs).flatMap(([name, doc]) => [
    `## \`${name}\``,
    '',
    doc.description,
    '',
    `- Default: \`${doc.default}\``,
    `- Example: \`${doc.example}\``,
    '',
  ])
  return [
    '# Configuration',
    '',
    'ltihub reads its settings from environment variables and, optionally, from a JSON file named by',
    '`LTIHUB_CONFIG` whose keys are the same names (for example `{ "PORT": 8080 }`). Environment',
    'variables override the file; command-line flags such as `ltihub serve --port` override both. An',
    'empty variable counts as unset.',
    '',
    'The settings are checked once at startup. A bad value stops the server with code',
    '`ERR_LTIHUB_CONFIG` and one line per bad setting, such as',
    '`PORT: expected an integer between 0 and 65535 (0 picks a free port)`; values are never echoed.',
    'Unknown keys in the file, and unknown `LTIHUB_*` variables, are rejected as likely typos.',
    '',
    'This file is generated from `packages/server/src/config/settings.ts`; a test fails when the two',
    'differ (regenerate with `npx vitest run packages/server/src/config -u`).',
    '',
    ...sections,
  ].join('\n')
}
