/**
 * A working LTI 1.1 + 1.3 tool in about 30 lines, on plain node:http. Platforms register through
 * Dynamic Registration at `<PUBLIC_URL>lti/register` (deployments then wait for approval) or
 * launch with the LTI 1.1 key below. Memory ports keep nothing across restarts: a real
 * application passes its database implementations of the ports instead.
 *
 *   PUBLIC_URL=https://tool.example.com/ LTI_SECRET=... npx tsx packages/tool/src/examples/minimal-tool.ts
 */
import { createServer } from 'node:http'
import { createKeyRing, createLtiTool, generateSigningKey, nodeHandler } from '@ltihub/tool'
import { createMemoryPorts } from '@ltihub/tool/testing'

const secret = process.env.LTI_SECRET
if (secret === undefined || secret.length < 16) throw new Error('set LTI_SECRET (16+ characters)')

const tool = createLtiTool({
  publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:3000/',
  userAgent: 'minimal-tool/1.0',
  toolName: 'Minimal tool',
  ports: createMemoryPorts({
    keyRing: createKeyRing({ current: await generateSigningKey() }),
    consumerKeys: [
      { key: 'partner', secret, name: 'Partner LMS', lmsIdPrefix: 'partner', enabled: true },
    ],
    courses: [{ id: 'c1', title: 'Safety basics', externalId: 'SAFE-101', gradeActivityId: 'a1' }],
    activities: [{ id: 'a1', courseId: 'c1', title: 'Final test' }],
    publications: [
      {
        id: 'p1',
        name: 'Safety basics',
        courseId: 'c1',
        enabled: true,
        userDefaults: {},
        roleMapping: { instructor: 'teacher', learner: 'student' },
        grades: { sendBack: true, onlyOnCompletion: true },
        memberSync: { trigger: 'off', mode: 'enrol-new' },
      },
    ],
  }),
  onLaunch: (launch) =>
    new Response(`Welcome to ${launch.course.title}, ${launch.learner.givenName ?? 'learner'}`, {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    }),
})

setInterval(() => void tool.grades.deliverDue(), 5_000)
createServer(nodeHandler(tool.handle)).listen(Number(process.env.PORT ?? 3000))
