import formbody from '@fastify/formbody'
import { createToolStorage } from '@ltihub/kysely'
import { createLtiTool, redirectWithSession } from '@ltihub/tool'
import { ltiFastify, ltiSession } from '@ltihub/tool/fastify'
import Fastify from 'fastify'
const env = process.env
const storage = await createToolStorage({ database: env.DATABASE ?? 'sqlite:./data/tool.db' })
await storage.publish({ course: { id: 'quiz', title: 'Quick quiz' } })
if (env.LTI_CONSUMER) await storage.addConsumerKey(JSON.parse(env.LTI_CONSUMER))
if (env.LTI_PLATFORM) await storage.registrations.upsert(JSON.parse(env.LTI_PLATFORM))
const tool = createLtiTool({
  ports: storage,
  publicUrl: env.PUBLIC_URL ?? 'http://localhost:3000/',
  userAgent: 'quick-quiz/1.0',
  toolName: 'Quick quiz',
  onLaunch: redirectWithSession('/'),
})
setInterval(() => tool.grades.deliverDue(), 2000)
const quiz = (name) =>
  `<h1>Hello ${String(name ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</h1><form method="post" action="/answer">2 + 2 = <input name="answer"> <button>Send</button></form>`
const app = Fastify()
await app.register(formbody)
await app.register(ltiFastify(tool), { prefix: '/lti' })
const lti = { preHandler: ltiSession(tool) }
app.get('/', lti, (req, reply) => reply.type('text/html').send(quiz(req.lti.learner.givenName)))
app.post('/answer', lti, async (req) => {
  await req.lti.score(req.body.answer === '4' ? 1 : 0)
  return 'Your score is on its way to the grade book.'
})
await app.listen({ port: Number(env.PORT ?? 3000), host: env.HOST })
