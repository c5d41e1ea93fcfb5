// Counts the negative tests of @ltihub/core per validation, for docs/integrators/conformance.md.
//
//   node --import tsx scripts/count-negative-tests.ts            # the Markdown table
//   node --import tsx scripts/count-negative-tests.ts --list iss # the matched tests of one row
//
// A "test" is one test case as vitest counts it: an `it(...)`/`test(...)` call, or one row of an
// `it.each(table)` whose table is a literal array, an array constant of the same file, or an array
// of an imported JSON vector file. A test counts for a row when its text (title, body and, for a
// table row, the row itself) contains one of the row's error codes and matches the row's filter.
// Tables computed at run time (`.map`, `Object.entries`) count as one test and are reported.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')
const CORE_SRC = join(REPO, 'packages', 'core', 'src')
/** Test files that mention codes without validating input (the catalogue's own consistency test). */
const EXCLUDED = new Set(['errors/catalogue.test.ts'])
/** Single tests that name a code without validating input, by file and title (with the reason). */
const EXCLUDED_TESTS: Readonly<Record<string, string>> = {
  "oauth2/bearer.test.ts 'builds a problem response with the challenge'":
    'renders an error built by the test',
}

interface Row {
  readonly id: string
  readonly validation: string
  readonly codes: readonly string[]
  /** The test text must match this too (tells apart validations that share a code). */
  readonly where?: RegExp
  /** Only test files whose path (relative to packages/core/src) matches. */
  readonly files?: RegExp
  /** Tests whose text matches this do not count for the row. */
  readonly not?: RegExp
}

/** Tests that accept either of two codes (`expect([a, b]).toContain(error.code)`). */
const EITHER_CODE = /toContain\(error\.code\)/

const JWT_FILES = /^(launch|deep-linking|oauth2|keys|migration|registration)\//

const ROWS: readonly Row[] = [
  {
    id: 'alg',
    validation: 'Signature algorithm outside the allow-list (never taken from the header)',
    codes: ['ERR_LTI_JWT_ALG_NOT_ALLOWED'],
    not: EITHER_CODE,
  },
  {
    id: 'alg-none',
    validation: '`alg: none` (unsigned token)',
    codes: ['ERR_LTI_JWT_ALG_NOT_ALLOWED'],
    where: /\bnone\b|unsigned/i,
    not: EITHER_CODE,
  },
  {
    id: 'hs256',
    validation: 'HS256 keyed with the public key (algorithm confusion)',
    codes: ['ERR_LTI_JWT_ALG_NOT_ALLOWED'],
    where: /HS256/,
  },
  { id: 'kid-unknown', validation: 'Unknown `kid`', codes: ['ERR_LTI_KID_UNKNOWN'] },
  { id: 'kid-missing', validation: 'Missing `kid` with a key set', codes: ['ERR_LTI_KID_MISSING'] },
  {
    id: 'foreign-key',
    validation: "Signed with someone else's key",
    codes: ['ERR_LTI_JWT_SIGNATURE_INVALID'],
    where: /another|other key|impostor|foreign|someone else's|different key|wrong key|stranger/i,
  },
  {
    id: 'tampered',
    validation:
      'Message or signature changed after signing (JWT, OAuth 1.0a, POX body, access token)',
    codes: [
      'ERR_LTI_JWT_SIGNATURE_INVALID',
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
      'ERR_LTI_OUTCOME_BODY_HASH_MISMATCH',
      'ERR_LTI_ACCESS_TOKEN_INVALID',
      'ERR_LTI_LTI1P1_SIGNATURE_INVALID',
    ],
    where: /tamper|modified|replacePayload|altered/i,
  },
  {
    id: 'iss',
    validation: 'Wrong or missing `iss`',
    codes: ['ERR_LTI_JWT_CLAIM_INVALID', 'ERR_LTI_JWT_CLAIM_MISSING'],
    where: /['"]iss['"]|\biss\b/,
    files: JWT_FILES,
  },
  {
    id: 'aud',
    validation: 'Wrong or missing `aud`',
    codes: ['ERR_LTI_JWT_CLAIM_INVALID', 'ERR_LTI_JWT_CLAIM_MISSING'],
    where: /['"]aud['"]|\baud\b|audience/i,
    files: JWT_FILES,
  },
  {
    id: 'azp',
    validation: '`aud` array without `azp`, or `azp` not the client_id',
    codes: ['ERR_LTI_JWT_CLAIM_MISSING', 'ERR_LTI_JWT_CLAIM_INVALID'],
    where: /\bazp\b/,
  },
  {
    id: 'expired',
    validation: 'Expired (`exp`, or `iat` too old)',
    codes: ['ERR_LTI_JWT_EXPIRED'],
  },
  {
    id: 'iat-future',
    validation: '`iat` / `nbf` in the future',
    codes: ['ERR_LTI_JWT_NOT_YET_VALID'],
  },
  {
    id: 'nonce',
    validation: 'Replayed nonce (id_token, Deep Linking response)',
    codes: ['ERR_LTI_NONCE_REPLAYED', 'ERR_LTI_DL_NONCE_REPLAYED'],
  },
  {
    id: 'nonce-mismatch',
    validation: 'Nonce not the one bound to the browser',
    codes: ['ERR_LTI_NONCE_MISMATCH'],
  },
  {
    id: 'state',
    validation: '`state` not bound to the browser',
    codes: ['ERR_LTI_STATE_MISMATCH'],
  },
  {
    id: 'deployment-missing',
    validation: 'Missing `deployment_id`',
    codes: ['ERR_LTI_JWT_CLAIM_MISSING', 'ERR_LTI_DL_DEPLOYMENT_MISMATCH'],
    where: /deployment/i,
  },
  {
    id: 'deployment-unknown',
    validation: 'Unknown `deployment_id`',
    codes: ['ERR_LTI_DEPLOYMENT_NOT_ACCEPTED', 'ERR_LTI_DL_DEPLOYMENT_MISMATCH'],
  },
  {
    id: 'message-type',
    validation: 'Wrong `message_type` (LTI 1.3, Deep Linking, LTI 1.1)',
    codes: [
      'ERR_LTI_MESSAGE_TYPE_UNSUPPORTED',
      'ERR_LTI_DL_MESSAGE_TYPE_INVALID',
      'ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE',
    ],
  },
  {
    id: 'version',
    validation: 'Wrong `version` / `lti_version` / `oauth_version`',
    codes: [
      'ERR_LTI_VERSION_UNSUPPORTED',
      'ERR_LTI_DL_VERSION_INVALID',
      'ERR_LTI_LTI11_UNSUPPORTED_VERSION',
      'ERR_LTI_OAUTH_UNSUPPORTED_VERSION',
    ],
  },
  {
    id: 'claim-missing',
    validation: 'Missing required claim',
    codes: ['ERR_LTI_JWT_CLAIM_MISSING'],
  },
  {
    id: 'target-link-uri',
    validation: '`target_link_uri` not the login initiation one',
    codes: ['ERR_LTI_TARGET_LINK_URI_MISMATCH', 'ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN'],
  },
  { id: 'jwt-malformed', validation: 'Malformed JWT', codes: ['ERR_LTI_JWT_MALFORMED'] },
  { id: 'json', validation: 'Malformed JSON', codes: ['ERR_LTI_MALFORMED_JSON'] },
  {
    id: 'xml',
    validation: 'Malformed XML (incl. DOCTYPE refused)',
    codes: ['ERR_LTI_MALFORMED_XML'],
  },
  { id: 'oversize', validation: 'Oversize input', codes: ['ERR_LTI_INPUT_TOO_LARGE'] },
  {
    id: 'oauth1-signature',
    validation: 'OAuth 1.0a signature',
    codes: ['ERR_LTI_OAUTH_SIGNATURE_INVALID', 'ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD'],
  },
  {
    id: 'oauth1-timestamp',
    validation: 'OAuth 1.0a timestamp window',
    codes: ['ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW'],
  },
  {
    id: 'oauth1-nonce',
    validation: 'OAuth 1.0a nonce replay',
    codes: ['ERR_LTI_OAUTH_NONCE_REPLAYED'],
  },
  {
    id: 'oauth1-body-hash',
    validation: 'OAuth 1.0a `oauth_body_hash` (Basic Outcomes)',
    codes: ['ERR_LTI_OUTCOME_BODY_HASH_MISMATCH'],
  },
  {
    id: 'score-range',
    validation: 'Score out of range (Basic Outcomes outside 0..1, NaN, Infinity; AGS negative)',
    codes: ['ERR_LTI_OUTCOME_INVALID_SCORE', 'ERR_LTI_AGS_INVALID_SCORE'],
    where:
      /out of range|outside|negative|above|below|exceed|['"](1\.5|-0\.1|NaN|Infinity|2)['"]|scoreGiven:\s*-|scoreMaximum:\s*0\b|\b(NaN|Infinity)\b/i,
  },
  {
    id: 'assertion',
    validation: 'Client assertion: type, unknown client, `sub` = `iss`, replayed `jti`, lifetime',
    codes: [
      'ERR_LTI_OAUTH_CLIENT_ASSERTION_TYPE_INVALID',
      'ERR_LTI_OAUTH_CLIENT_UNKNOWN',
      'ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH',
      'ERR_LTI_CLIENT_ASSERTION_REPLAYED',
      'ERR_LTI_CLIENT_ASSERTION_LIFETIME_TOO_LONG',
    ],
  },
  {
    id: 'assertion-jwt',
    validation: 'Client assertion: signature, `aud`, `exp`/`iat`, claims (token endpoint)',
    codes: [
      'ERR_LTI_JWT_SIGNATURE_INVALID',
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
      'ERR_LTI_JWT_CLAIM_INVALID',
      'ERR_LTI_JWT_CLAIM_MISSING',
      'ERR_LTI_JWT_EXPIRED',
      'ERR_LTI_JWT_NOT_YET_VALID',
      'ERR_LTI_JWT_MALFORMED',
      'ERR_LTI_KID_UNKNOWN',
    ],
    files: /^oauth2\/(token-endpoint|round-trip)\.test\.ts$/,
  },
  {
    id: 'scope',
    validation: 'Token scopes (requested, granted, required by a service)',
    codes: ['ERR_LTI_OAUTH_INVALID_SCOPE', 'ERR_LTI_INSUFFICIENT_SCOPE'],
  },
  {
    id: 'https',
    validation: 'https only (issuer, key set URL, token endpoint, service and registration URLs)',
    codes: [
      'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS',
      'ERR_LTI_JWKS_URL_INVALID',
      'ERR_LTI_OAUTH_TOKEN_ENDPOINT_INVALID',
      'ERR_LTI_INSECURE_SERVICE_URL',
      'ERR_LTI_PAGING_UNSAFE_LINK',
      'ERR_LTI_DR_INSECURE_URL',
    ],
  },
  {
    id: 'access-token',
    validation: 'Access token missing, invalid, or in the query string',
    codes: [
      'ERR_LTI_ACCESS_TOKEN_MISSING',
      'ERR_LTI_ACCESS_TOKEN_INVALID',
      'ERR_LTI_ACCESS_TOKEN_IN_QUERY',
    ],
  },
]

interface TestCase {
  readonly file: string
  readonly title: string
  readonly text: string
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return testFiles(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)
    ? unwrap(node.expression)
    : node

/** JSON files imported by a test file, by local name. */
function jsonImports(source: ts.SourceFile, file: string): Map<string, unknown> {
  const imports = new Map<string, unknown>()
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue
    const specifier = statement.moduleSpecifier.text
    const name = statement.importClause?.name?.text
    if (!specifier.endsWith('.json') || name === undefined) continue
    imports.set(name, JSON.parse(readFileSync(join(dirname(file), specifier), 'utf8')) as unknown)
  }
  return imports
}

/** Array constants declared anywhere in the file, by name. */
function arrayConstants(source: ts.SourceFile): Map<string, ts.ArrayLiteralExpression> {
  const constants = new Map<string, ts.ArrayLiteralExpression>()
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = unwrap(node.initializer)
      if (ts.isArrayLiteralExpression(value)) constants.set(node.name.text, value)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return constants
}

/** The rows of an `it.each` table as texts, or undefined when the table is computed. */
function tableRows(
  table: ts.Expression,
  source: ts.SourceFile,
  json: Map<string, unknown>,
  constants: Map<string, ts.ArrayLiteralExpression>,
): string[] | undefined {
  const node = unwrap(table)
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => e.getText(source))
  if (ts.isIdentifier(node)) {
    const constant = constants.get(node.text)
    if (constant) return constant.elements.map((e) => e.getText(source))
    const value = json.get(node.text)
    return Array.isArray(value) ? value.map((row) => JSON.stringify(row)) : undefined
  }
  if (ts.isPropertyAccessExpression(node)) {
    const path: string[] = []
    let current: ts.Expression = node
    while (ts.isPropertyAccessExpression(current)) {
      path.unshift(current.name.text)
      current = unwrap(current.expression)
    }
    if (!ts.isIdentifier(current)) return undefined
    let value: unknown = json.get(current.text)
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key]
    return Array.isArray(value) ? value.map((row) => JSON.stringify(row)) : undefined
  }
  return undefined
}

const TEST_CALLEES = new Set(['it', 'test', 'it.only', 'test.only', 'it.concurrent'])
const EACH_CALLEES = new Set(['it.each', 'test.each', 'it.concurrent.each'])
const unresolvedTables: string[] = []

function casesOf(file: string): TestCase[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const json = jsonImports(source, file)
  const constants = arrayConstants(source)
  const name = relative(CORE_SRC, file).split('\\').join('/')
  const cases: TestCase[] = []
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const calleeText = callee.getText(source)
      const [titleNode] = node.arguments
      const title = titleNode?.getText(source) ?? ''
      if (TEST_CALLEES.has(calleeText)) {
        cases.push({ file: name, title, text: node.getText(source) })
      } else if (
        ts.isCallExpression(callee) &&
        EACH_CALLEES.has(callee.expression.getText(source))
      ) {
        const table = callee.arguments[0]
        const rows = table === undefined ? undefined : tableRows(table, source, json, constants)
        // The shared part of every row: the title and the test function, not the table itself.
        const body = node.arguments.map((argument) => argument.getText(source)).join(', ')
        if (rows === undefined) {
          unresolvedTables.push(`${name}: ${title}`)
          cases.push({ file: name, title, text: `${callee.getText(source)} ${body}` })
        } else {
          for (const row of rows)
            cases.push({
              file: name,
              title: `${title} [${row.slice(0, 60)}]`,
              text: `${row}\n${body}`,
            })
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return cases
}

const allCases = testFiles(CORE_SRC)
  .filter((file) => !EXCLUDED.has(relative(CORE_SRC, file).split('\\').join('/')))
  .sort()
  .flatMap(casesOf)

/**
 * Whether the test asserts `code`: the code appears in it other than as `new LtiError(code)` (a
 * test that builds an error to check how it is rendered does not validate any input).
 */
function asserts(text: string, code: string): boolean {
  const all = text.match(new RegExp(`\\b${code}\\b`, 'g'))?.length ?? 0
  const built = text.match(new RegExp(`LtiError\\(\\s*['"]${code}['"]`, 'g'))?.length ?? 0
  return all > built
}

function matches(row: Row, testCase: TestCase): boolean {
  if (EXCLUDED_TESTS[`${testCase.file} ${testCase.title}`] !== undefined) return false
  if (row.files && !row.files.test(testCase.file)) return false
  if (row.not?.test(testCase.text)) return false
  if (!row.codes.some((code) => asserts(testCase.text, code))) return false
  return row.where === undefined || row.where.test(testCase.text)
}

const listId = process.argv.includes('--list')
  ? process.argv[process.argv.indexOf('--list') + 1]
  : undefined
if (listId !== undefined) {
  const row = ROWS.find((candidate) => candidate.id === listId)
  if (row === undefined)
    throw new Error(`no row ${listId}; rows: ${ROWS.map((r) => r.id).join(' ')}`)
  for (const testCase of allCases.filter((c) => matches(row, c)))
    console.log(`${testCase.file}  ${testCase.title}`)
  process.exit(0)
}

const lines = [
  '| Validation | Error code(s) | Test files (tests) | Tests |',
  '| --- | --- | --- | ---: |',
]
const counted = new Set<TestCase>()
let sum = 0
for (const row of ROWS) {
  const matched = allCases.filter((testCase) => matches(row, testCase))
  for (const testCase of matched) counted.add(testCase)
  sum += matched.length
  const perFile = new Map<string, number>()
  for (const testCase of matched) perFile.set(testCase.file, (perFile.get(testCase.file) ?? 0) + 1)
  const files = [...perFile].map(([file, count]) => `${file} (${count})`).join(', ')
  const codes = row.codes.map((code) => `\`${code}\``).join(', ')
  lines.push(`| ${row.validation} | ${codes} | ${files || '**none**'} | ${matched.length} |`)
}
lines.push(
  '',
  `Rows: ${ROWS.length}. Sum over rows: ${sum} (a test can count for several rows). ` +
    `Distinct tests counted: ${counted.size} of ${allCases.length} test cases in packages/core/src.`,
)
if (unresolvedTables.length > 0) {
  lines.push(
    `Computed \`it.each\` tables counted as one test each: ${unresolvedTables.join('; ')}.`,
  )
}
console.log(lines.join('\n'))
