// The real ltihub server in the tool role, started the way `ltihub serve` starts it (startServer
// with a loaded Config) on a temporary SQLite DATA_DIR, seeded through the tool's repositories: the
// demo course, a publication of it, and an LTI 1.3 registration of the driver's "platform" (an
// https issuer; its JWKS served on loopback by the driver). Prints `ready <url>`.
//
//   node --conditions=source --import tsx bench/servers/tool-server.ts <platform-origin>
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../packages/server/src/config/index.js'
import { featuresFor } from '../../packages/server/src/features/index.js'
import { createCourse, DEMO_COURSE } from '../../packages/server/src/features/tool-content/seed.js'
import { savePublication, sqlRegistrationStore } from '@ltihub/kysely/tool'
import { startServer } from '../../packages/server/src/server.js'
import { freePort } from './free-port.js'
import { profileOnSignal } from './profiling.js'
import { queryCountFeature, resetStatements, statementsReport } from './query-count.js'
import { BENCH_CLIENT_ID, BENCH_ISSUER } from './tool-registration.js'

const platformOrigin = process.argv[2]
if (platformOrigin === undefined) throw new TypeError('usage: tool-server.ts <platform-origin>')

const dataDir = mkdtempSync(join(tmpdir(), 'ltihub-bench-tool-'))
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const config = loadConfig({
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    LTIHUB_ROLES: 'tool',
    LTIHUB_SECRET: `bench-secret-${crypto.randomUUID()}`,
    // As for the platform server: no JSON line per request on this pipe.
    LOG_LEVEL: 'warn',
    // As for the platform server: one driver address, far past a school's launch rate.
    RATE_LIMIT_TOOL_LOGIN: '1000000/1m',
  },
})
const server = await startServer(config, {
  features: [...featuresFor(config.roles), queryCountFeature],
})
const { db, clock } = server.context
const course = await createCourse(db, DEMO_COURSE, clock())
await sqlRegistrationStore(db, clock).upsert({
  name: 'Bench platform',
  issuer: BENCH_ISSUER,
  clientId: BENCH_CLIENT_ID,
  authLoginUrl: `${platformOrigin}/auth`,
  authTokenUrl: `${platformOrigin}/token`,
  jwksUrl: `${platformOrigin}/jwks`,
  deploymentPolicy: 'accept',
  lmsIdPrefix: 'bench',
  enabled: true,
})
await savePublication(
  db,
  {
    id: crypto.randomUUID(),
    name: 'Bench publication',
    courseId: course.courseId,
    enabled: true,
    roleMapping: { instructor: 'teacher', learner: 'student' },
    grades: { sendBack: true, onlyOnCompletion: true },
    memberSync: { trigger: 'off', mode: 'enrol-new' },
    userDefaults: { country: 'NL', timezone: 'Europe/Amsterdam', language: 'en' },
  },
  clock(),
)

const stop = async () => {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
profileOnSignal({ reset: resetStatements, report: statementsReport })
console.log(`ready ${base}`)
