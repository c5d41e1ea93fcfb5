// Issue 4: the tool role under load. The driver plays the platform and the learner's browser:
// login initiation to the tool → read state and nonce from the tool's authentication request
// (and its state cookie) → sign an id_token for that nonce → POST id_token + state to the launch
// URL. The baseline is the same driver against a bare jose verifier, in the same run.
import { CLAIM, LTI_VERSION, MESSAGE_TYPE, SCOPE } from '@ltihub/core'
import { buildIdToken } from '@ltihub/core/launch'
import { buildLoginInitiation } from '@ltihub/core/oidc-login'
import { cookiesOf, expectStatus, type HttpClient } from './http.js'
import { runLoad, startChild, trackPeakRss } from './lib.js'
import { childEnv, type Measured, measureLevels, type Timing } from './platform.js'
import { BENCH_CLIENT_ID, BENCH_DEPLOYMENT_ID, BENCH_ISSUER } from './servers/tool-registration.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../packages/server/src/features/tool-content/seed.js'
import { startToolParty, type ToolParty } from './tool-party.js'

export interface ToolResults {
  readonly launches: Measured[]
  readonly bare: Measured[]
  /** id_tokens the driver signs per second on its own (concurrency 8, before any load). */
  readonly driverSignRate: number
  readonly serverPeakRssMb: number
}

/** Distinct learners the launches cycle through (the first round provisions their accounts). */
const LEARNERS = 1000

interface Target {
  readonly loginUrl: string
  readonly launchUrl: string
}

const unescapeHtml = (text: string) =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'")

function signFor(platform: ToolParty, target: Target, user: string, nonce: string) {
  return buildIdToken({
    signingKey: platform.signingKey,
    issuer: BENCH_ISSUER,
    clientId: BENCH_CLIENT_ID,
    deploymentId: BENCH_DEPLOYMENT_ID,
    nonce,
    subject: user,
    message: {
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.targetLinkUri]: target.launchUrl,
      [CLAIM.resourceLink]: { id: 'link-1', title: 'Quiz' },
      [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [CLAIM.context]: { id: 'course-1', title: 'Chemistry 1' },
      [CLAIM.custom]: { course: DEMO_COURSE_EXTERNAL_ID },
      [CLAIM.agsEndpoint]: {
        scope: [SCOPE.lineItem, SCOPE.score, SCOPE.resultReadOnly],
        lineitem: `${platform.origin}/lineitems/1`,
      },
      given_name: 'Learner',
      family_name: user,
      email: `${user}@bench.example.edu`,
    },
  })
}

/** One launch, as the platform and the browser. */
async function launchOnce(client: HttpClient, platform: ToolParty, target: Target, index: number) {
  const user = `learner-${index % LEARNERS}`
  const initiation = buildLoginInitiation({
    toolLoginUrl: target.loginUrl,
    issuer: BENCH_ISSUER,
    loginHint: user,
    targetLinkUri: target.launchUrl,
    clientId: BENCH_CLIENT_ID,
    deploymentId: BENCH_DEPLOYMENT_ID,
  })
  const login = expectStatus(await client.send(initiation.url.href), 200, 'login initiation')
  const href = /id="ltihub-continue" href="([^"]+)"/.exec(login.body)?.[1]
  if (href === undefined) throw new Error('no authentication request in the login page')
  const auth = new URL(unescapeHtml(href))
  const state = auth.searchParams.get('state')
  const nonce = auth.searchParams.get('nonce')
  if (state === null || nonce === null) throw new Error('authentication request without state')
  const idToken = await signFor(platform, target, user, nonce)
  const cookie = cookiesOf(login)
  const answer = await client.send(target.launchUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === '' ? {} : { cookie }),
    },
    body: new URLSearchParams({ id_token: idToken, state }).toString(),
  })
  expectStatus(answer, 303, 'launch')
}

/** The driver's own signing rate, alone (no server under load yet). */
async function driverSignRate(platform: ToolParty, target: Target): Promise<number> {
  const task = async () => void (await signFor(platform, target, 'learner-0', 'nonce'))
  await runLoad({ concurrency: 8, durationMs: 500, task })
  return (await runLoad({ concurrency: 8, durationMs: 2000, task })).perSecond
}

export async function toolBenchmarks(
  timing: Timing,
  levels: readonly number[],
): Promise<ToolResults | undefined> {
  const platform = await startToolParty()
  try {
    const server = await startChild(
      'bench/servers/tool-server.ts',
      [platform.origin],
      childEnv(timing),
    )
    const pid = server.child.pid ?? 0
    const peak = trackPeakRss(pid)
    let launches: Measured[]
    const real = {
      loginUrl: `${server.url}/tool/lti/login`,
      launchUrl: `${server.url}/tool/lti/launch`,
    }
    try {
      const signRate = await driverSignRate(platform, real)
      launches = await measureLevels(
        'tool-launch',
        levels,
        timing,
        (client, i) => launchOnce(client, platform, real, i),
        { pid, label: 'tool-launch', queriesOf: server.url },
      )
      const serverPeakRssMb = peak.stop()
      await server.stop()
      const bareServer = await startChild(
        'bench/servers/bare-verifier.ts',
        [platform.origin, BENCH_ISSUER, BENCH_CLIENT_ID],
        childEnv(timing),
      )
      const bareTarget = {
        loginUrl: `${bareServer.url}/login`,
        launchUrl: `${bareServer.url}/launch`,
      }
      try {
        const bare = await measureLevels(
          'bare-verifier',
          levels,
          timing,
          (client, i) => launchOnce(client, platform, bareTarget, i),
          { pid: bareServer.child.pid ?? 0, label: 'bare-verifier' },
        )
        return { launches, bare, driverSignRate: signRate, serverPeakRssMb }
      } finally {
        await bareServer.stop()
      }
    } finally {
      peak.stop()
      await server.stop()
    }
  } finally {
    await platform.close()
  }
}
