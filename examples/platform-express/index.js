import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { createLtiPlatform } from '@ltihub/platform'
import { createMemoryPlatformStorage } from '@ltihub/platform/testing'
import express from 'express'
const env = process.env
const publicUrl = new URL('lti', env.PUBLIC_URL ?? 'http://localhost:4000/').href
const at = (path) => new URL(path, env.TOOL_URL ?? 'http://localhost:3000/').href
// The LMS's own data: two people in one course with one points assignment, and a grade book.
const school = { schoolIds: ['main'], menteeIds: [], canUseExternalTools: false }
const users = {
  tess: { ...school, id: 'tess', kind: 'teacher', role: 'teacher', givenName: 'Tess' },
  sam: { ...school, id: 'sam', kind: 'student', role: 'student', givenName: 'Sam' },
}
const course = { id: 'bio', schoolId: 'main', title: 'Biology', history: [] }
const quiz = {
  id: 'q1',
  contextId: 'bio',
  title: 'Quiz',
  scoringType: 'points',
  pointsPossible: 10,
}
const grades = new Map()
const member = (u) => ({ contextId: 'bio', userId: u.id, role: u.role, status: 'active', user: u })
const roster = Object.values(users).map(member)
// The narrow interface through which the platform reads the LMS and writes its grade book.
const lms = {
  currentUserId: async (request) => /(?:^|; )user=(\w+)/.exec(request.headers.get('cookie'))?.[1],
  getUser: async (id) => users[id],
  getContext: async (id) => (id === course.id ? course : undefined),
  getEnrolment: async (contextId, userId) =>
    roster.find((m) => m.contextId === contextId && m.userId === userId),
  listEnrolments: async (contextId, { offset, limit }) =>
    roster.filter((m) => m.contextId === contextId).slice(offset, offset + limit),
  getAssignment: async (id) => (id === quiz.id ? quiz : undefined),
  readGrade: async (assignmentId, userId) => grades.get(`${assignmentId}/${userId}`),
  writeGrade: async (entry) => {
    const key = `${entry.assignmentId}/${entry.userId}`
    if ((grades.get(key)?.timestampMs ?? -1) > entry.timestampMs) return 'stale'
    grades.set(key, entry)
    return 'applied'
  },
}
const storage = await createMemoryPlatformStorage()
const platform = createLtiPlatform({ publicUrl, storage, lms, secret: env.LTI_SECRET })
// Register the tool (LTI 1.3) and place it in the course as the quiz.
const lti13 = { clientId: env.CLIENT_ID ?? 'lms', deploymentId: 'main', jwksUri: at('lti/jwks') }
const toolUrls = { initiateLoginUri: at('lti/login'), targetLinkUri: at('lti/launch') }
const tool = { id: 'tool', name: 'Quiz', schoolIds: ['main'], lti13: { ...lti13, ...toolUrls } }
storage.connections.put(platform.toolConnection(tool))
const placed = { contextId: 'bio', connectionId: 'tool', title: 'Quiz', assignmentId: quiz.id }
const quizLink = platform.launchUrl((await platform.placeResourceLink(placed)).resourceLink.id)
const app = express()
app.use('/lti', platform.nodeHandler)
app.get('/sign-in/:user', (req, res) => {
  if (!users[req.params.user]) return void res.status(404).send('No such person')
  res.cookie('user', req.params.user, { httpOnly: true, sameSite: 'lax' }).redirect('/')
})
app.get('/', (_req, res) => {
  const rows = [...grades.values()].map((g) => `<li>${users[g.userId].givenName}: ${g.points}</li>`)
  res.send(`<h1>Biology</h1><a href="${quizLink}">Open the quiz</a><ul>${rows.join('')}</ul>`)
})
const tls = env.TLS_KEY && { key: readFileSync(env.TLS_KEY), cert: readFileSync(env.TLS_CERT) }
;(tls ? createServer(tls, app) : app).listen(Number(env.PORT ?? 4000), env.HOST, () => {
  // What the tool registers: this LMS's issuer, the client_id it was given and the endpoints.
  const registration = { issuer: platform.issuer, clientId: lti13.clientId, ...platform.endpoints }
  process.stdout.write(`${JSON.stringify(registration)}\n`)
})
