// Issue 3: the platform role under load. The driver plays the student's browser and the tool:
// launches (launch page → login initiation → authentication request → auto-post form with a signed
// id_token) and AGS score posting with a cached access token; baselines are the raw RS256 signing
// rate and a bare node:http JSON endpoint, measured in the same run.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout } from 'node:timers/promises'
import { SCOPE } from '@ltihub/core'
import { requestAccessToken } from '@ltihub/core/oauth2'
import { buildAuthenticationRequest, createLoginState } from '@ltihub/core/oidc-login'
import { cookiesOf, expectStatus, HttpClient } from './http.js'
import {
  cpuMs,
  loadAverage,
  type LoadResult,
  runChildForResult,
  runLoad,
  startChild,
  trackPeakRss,
} from './lib.js'
import type { PlatformSeed } from './servers/platform-server.js'
import { startToolParty, type ToolParty } from './tool-party.js'

export interface Timing {
  readonly warmupMs: number
  readonly durationMs: number
  /** When set, server children write a CPU profile of the concurrency-8 run into this folder. */
  readonly profileDir?: string
}

export interface Measured {
  readonly name: string
  readonly concurrency: number
  readonly result: LoadResult
  /** CPU time the server process used per completed operation (user + system). */
  readonly serverCpuMsPerOp?: number
  /** SQL statements the server ran per completed operation. */
  readonly queriesPerOp?: number
  /** The machine's 1-minute load average right after the run. */
  readonly load: number
}

/** The server process a measurement watches (CPU time, optional profile). */
export interface Watched {
  readonly pid: number
  readonly label: string
  /** The server's base URL when it counts its SQL statements (GET /bench/queries). */
  readonly queriesOf?: string
}

async function queryCount(watched: Watched | undefined): Promise<number | undefined> {
  if (watched?.queriesOf === undefined) return undefined
  const response = await fetch(`${watched.queriesOf}/bench/queries`)
  return ((await response.json()) as { executed: number }).executed
}

const PROFILED_CONCURRENCY = 8

/** The environment of a server child: where to write profiles, when asked. */
export function childEnv(timing: Timing): Record<string, string> {
  return timing.profileDir === undefined ? {} : { BENCH_PROFILE_DIR: timing.profileDir }
}

async function profileSignal(watched: Watched, dir: string, phase: 'start' | 'stop') {
  if (phase === 'start') writeFileSync(join(dir, 'label'), watched.label)
  process.kill(watched.pid, 'SIGUSR2')
  if (phase === 'start') return
  const file = join(dir, `${watched.label}.cpuprofile`)
  for (let i = 0; i < 100 && !existsSync(file); i++) await setTimeout(100)
}

export interface SignRate {
  readonly concurrency1: number
  readonly concurrency8: number
  readonly cpuMsPerSign: number
  readonly payloadBytes: number
  readonly tokenBytes: number
}

export interface PlatformResults {
  readonly launches: Measured[]
  readonly scores: Measured[]
  readonly bareScores: Measured[]
  readonly signRate: SignRate
  readonly serverPeakRssMb: number
  readonly idTokenBytes: number
}

const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json'
const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json'
/** Students signed in for launches: one browser session each, shared round-robin by workers. */
const BROWSERS = 32

/** Warms up, then measures `task` at each concurrency. */
export async function measureLevels(
  name: string,
  levels: readonly number[],
  timing: Timing,
  task: (client: HttpClient, index: number) => Promise<void>,
  watched?: Watched,
): Promise<Measured[]> {
  const measured: Measured[] = []
  for (const concurrency of levels) {
    const client = new HttpClient(concurrency)
    try {
      await runLoad({ concurrency, durationMs: timing.warmupMs, task: (i) => task(client, i) })
      const profile =
        watched !== undefined &&
        timing.profileDir !== undefined &&
        concurrency === PROFILED_CONCURRENCY
          ? { watched, dir: timing.profileDir }
          : undefined
      if (profile !== undefined) await profileSignal(profile.watched, profile.dir, 'start')
      const queriesBefore = await queryCount(watched)
      const cpuBefore = watched === undefined ? 0 : cpuMs(watched.pid)
      const result = await runLoad({
        concurrency,
        durationMs: timing.durationMs,
        task: (i) => task(client, i),
      })
      const cpu = watched === undefined ? undefined : cpuMs(watched.pid) - cpuBefore
      if (profile !== undefined) await profileSignal(profile.watched, profile.dir, 'stop')
      const queriesAfter = await queryCount(watched)
      const ops = Math.max(1, result.completed + result.failed)
      measured.push({
        name,
        concurrency,
        result,
        load: loadAverage(),
        ...(cpu === undefined ? {} : { serverCpuMsPerOp: cpu / ops }),
        ...(queriesBefore === undefined || queriesAfter === undefined
          ? {}
          : { queriesPerOp: (queriesAfter - queriesBefore) / ops }),
      })
    } finally {
      client.close()
    }
  }
  return measured
}

interface PlatformWorld {
  readonly base: string
  readonly seed: PlatformSeed
  readonly cookies: readonly string[]
  readonly tool: ToolParty
}

/** One launch as the browser and the tool: returns the id_token the platform signed. */
async function launchOnce(client: HttpClient, world: PlatformWorld, index: number) {
  const { base, seed, tool } = world
  const cookie = world.cookies[index % world.cookies.length] ?? ''
  const page = await client.send(
    `${base}/platform/launch/${encodeURIComponent(seed.resourceLinkId)}?presentation=window`,
    { headers: { cookie } },
  )
  expectStatus(page, 303, 'launch page')
  const initiation = new URL(String(page.headers.location))
  const param = (name: string) => initiation.searchParams.get(name) ?? undefined
  const loginHint = param('login_hint')
  if (loginHint === undefined) throw new Error('login initiation without login_hint')
  const ltiMessageHint = param('lti_message_hint')
  const { state, nonce } = createLoginState()
  const auth = buildAuthenticationRequest({
    authLoginUrl: seed.authorizationEndpoint,
    clientId: seed.clientId,
    redirectUri: `${tool.origin}/launch`,
    loginHint,
    ...(ltiMessageHint === undefined ? {} : { ltiMessageHint }),
    state,
    nonce,
  })
  const form = expectStatus(await client.send(auth.href, { headers: { cookie } }), 200, 'authorize')
  const idToken = /name="id_token" value="([^"]+)"/.exec(form.body)?.[1]
  if (idToken === undefined) throw new Error(`no id_token in ${form.body.slice(0, 200)}`)
  return idToken
}

async function setUp(base: string, tool: ToolParty) {
  const client = new HttpClient(4)
  try {
    const seedResponse = await client.send(`${base}/bench/seed`)
    const seed = JSON.parse(expectStatus(seedResponse, 200, 'seed').body) as PlatformSeed
    const cookies: string[] = []
    for (const studentId of seed.studentIds.slice(0, BROWSERS)) {
      const signIn = await client.send(`${base}/console/sign-in/bench-as/${studentId}`)
      cookies.push(cookiesOf(expectStatus(signIn, 204, 'sign in')))
    }
    const token = await requestAccessToken({
      clientId: seed.clientId,
      tokenEndpoint: seed.tokenEndpoint,
      signingKey: tool.signingKey,
      scopes: [SCOPE.lineItem, SCOPE.score],
    })
    const created = await client.send(seed.lineItemsUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': LINE_ITEM_TYPE },
      body: JSON.stringify({
        label: 'Bench quiz',
        scoreMaximum: 20,
        resourceLinkId: seed.resourceLinkId,
      }),
    })
    const lineItem = JSON.parse(expectStatus(created, 201, 'line item').body) as { id: string }
    return { world: { base, seed, cookies, tool }, token: token.accessToken, lineItem: lineItem.id }
  } finally {
    client.close()
  }
}

/** A score poster: many students of one course, strictly increasing timestamps. */
function scorePoster(url: string, token: string, studentIds: readonly string[]) {
  const t0 = Date.UTC(2026, 0, 1)
  let sequence = 0
  return async (client: HttpClient, index: number) => {
    const userId = studentIds[index % studentIds.length] ?? ''
    const body = JSON.stringify({
      userId,
      scoreGiven: index % 21,
      scoreMaximum: 20,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: new Date(t0 + sequence++).toISOString(),
    })
    const response = await client.send(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': SCORE_TYPE },
      body,
    })
    expectStatus(response, 204, 'score')
  }
}

/** The raw signing rate over a payload shaped like the platform's id_token, in a child process. */
async function signRateOf(idToken: string): Promise<SignRate> {
  const dir = mkdtempSync(join(tmpdir(), 'ltihub-bench-sign-'))
  try {
    const payload = Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()
    const file = join(dir, 'payload.json')
    writeFileSync(file, payload)
    return await runChildForResult<SignRate>('bench/servers/sign-rate.ts', [file, '4000'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function platformBenchmarks(
  timing: Timing,
  levels: { launch: readonly number[]; ags: readonly number[] },
): Promise<PlatformResults> {
  const tool = await startToolParty()
  const server = await startChild(
    'bench/servers/platform-server.ts',
    [tool.origin],
    childEnv(timing),
  )
  const pid = server.child.pid
  if (pid === undefined) throw new Error('no server pid')
  const peak = trackPeakRss(pid)
  try {
    const { world, token, lineItem } = await setUp(server.url, tool)
    const probe = new HttpClient(1)
    const idToken = await launchOnce(probe, world, 0)
    probe.close()
    const launches = await measureLevels(
      'launch',
      levels.launch,
      timing,
      (client, i) => launchOnce(client, world, i).then(() => undefined),
      { pid, label: 'platform-launch', queriesOf: server.url },
    )
    const post = scorePoster(`${lineItem}/scores`, token, world.seed.studentIds)
    const scores = await measureLevels('scores', levels.ags, timing, post, {
      pid,
      label: 'platform-scores',
      queriesOf: server.url,
    })
    const serverPeakRssMb = peak.stop()
    await server.stop()
    const bare = await startChild('bench/servers/bare-json.ts', [], childEnv(timing))
    const barePost = scorePoster(`${bare.url}/scores`, token, world.seed.studentIds)
    const bareScores = await measureLevels('bare-json', levels.ags, timing, barePost, {
      pid: bare.child.pid ?? 0,
      label: 'bare-json',
    })
    await bare.stop()
    const signRate = await signRateOf(idToken)
    return { launches, scores, bareScores, signRate, serverPeakRssMb, idTokenBytes: idToken.length }
  } finally {
    peak.stop()
    await server.stop()
    await tool.close()
  }
}
