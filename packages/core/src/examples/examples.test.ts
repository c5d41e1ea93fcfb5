import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { SCOPE } from '../index.js'
import { main as agsScore } from './ags-score.js'
import { main as deepLinking } from './deep-linking.js'
import { main as lti11Outcomes } from './lti11-outcomes.js'
import { main as lti13Launch } from './lti13-launch.js'

/** The integrator examples run as written (they are also inlined in docs/integrators/core.md). */
describe('examples', () => {
  it('lti13-launch: a resource link launch verifies, and its replay is refused', async () => {
    const result = await lti13Launch()
    expect(result).toMatchObject({
      pageStatus: 200,
      userId: 'user-7',
      resourceLinkId: 'link-42',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      replayCode: 'ERR_LTI_NONCE_REPLAYED',
    })
    expect(result.checks).toEqual(
      expect.arrayContaining(['alg-allowed', 'signature', 'iss', 'aud-azp', 'nonce', 'sub']),
    )
    expect(result.checks.at(-1)).toBe('message-claims')
  })

  it('ags-score: token, score, and a 401 without a token', async () => {
    const result = await agsScore()
    // The platform grants only what the client may have: result.readonly was not allowed.
    expect(result.grantedScopes).toEqual([SCOPE.score])
    expect(result.assertionReplay).toEqual({
      status: 401,
      body: expect.objectContaining({
        error: 'invalid_client',
        code: 'ERR_LTI_CLIENT_ASSERTION_REPLAYED',
      }) as unknown,
    })
    expect(result.scoreStatus).toBe(204)
    expect(result.storedFraction).toBeCloseTo(0.85)
    expect(result.anonymousStatus).toBe(401)
    expect(result.anonymousChallenge).toBe('Bearer realm="ltihub"')
  })

  it('lti11-outcomes: launch, replaceResult, readResult, replay and range check', async () => {
    expect(await lti11Outcomes()).toEqual({
      userId: 'user-7',
      resourceLinkId: 'link-42',
      replaced: 'success',
      readScore: 0.92,
      replayStatus: 401,
      replayCodeMajor: 'failure',
      outOfRangeRefused: true,
    })
  })

  it('deep-linking: a response verifies against the settings, and its replay is refused', async () => {
    expect(await deepLinking()).toEqual({
      pageStatus: 200,
      items: [{ type: 'ltiResourceLink', title: 'Quiz 1' }],
      data: 'dl-session-5d1f',
      replayCode: 'ERR_LTI_DL_NONCE_REPLAYED',
    })
  })
})

const HERE = dirname(fileURLToPath(import.meta.url))
const REPO = join(HERE, '..', '..', '..', '..')
const GUIDE = join(REPO, 'docs', 'integrators', 'core.md')
const exampleFiles = readdirSync(HERE)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .sort()

/** Fenced code blocks of a Markdown file whose info string names a file: "```ts path/to/file.ts". */
function fencedFiles(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>()
  for (const match of markdown.matchAll(/^```ts ([^\n]+)\n([\s\S]*?)^```$/gm)) {
    blocks.set((match[1] ?? '').trim(), match[2] ?? '')
  }
  return blocks
}

describe('the examples as documentation', () => {
  it('are the four examples the guide presents', () => {
    expect(exampleFiles).toEqual([
      'ags-score.ts',
      'deep-linking.ts',
      'lti11-outcomes.ts',
      'lti13-launch.ts',
    ])
  })

  it.each(exampleFiles)('%s imports only the package root (public names)', (name) => {
    const text = readFileSync(join(HERE, name), 'utf8')
    const imports = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName)
    expect(imports).toEqual(['../index.js'])
  })

  it.each(exampleFiles)('%s appears verbatim in docs/integrators/core.md', (name) => {
    const blocks = fencedFiles(readFileSync(GUIDE, 'utf8'))
    const path = `packages/core/src/examples/${name}`
    expect(blocks.has(path), `a fenced block marked ${path}`).toBe(true)
    expect(blocks.get(path)).toBe(readFileSync(join(HERE, name), 'utf8'))
  })

  it('the guide has no fenced example for a file that does not exist', () => {
    const blocks = fencedFiles(readFileSync(GUIDE, 'utf8'))
    const stale = [...blocks.keys()].filter(
      (path) => !exampleFiles.some((name) => path === `packages/core/src/examples/${name}`),
    )
    expect(stale).toEqual([])
  })
})
