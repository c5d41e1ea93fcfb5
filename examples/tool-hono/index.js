import { serve } from '@hono/node-server'
import { createToolStorage } from '@ltihub/kysely'
import { createLtiTool, redirectWithSession } from '@ltihub/tool'
import { ltiHono, ltiSession } from '@ltihub/tool/hono'
import { Hono } from 'hono'
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
const app = new Hono()
app.use('/lti/*', ltiHono(tool))
app.get('/', ltiSession(tool), (c) => c.html(quiz(c.var.lti.learner.givenName)))
app.post('/answer', ltiSession(tool), async (c) => {
  const { answer } = await c.req.parseBody()
  await c.var.lti.score(answer === '4' ? 1 : 0)
  return c.text('Your score is on its way to the grade book.')
})
serve({ fetch: app.fetch, port: Number(env.PORT ?? 3000), hostname: env.HOST })
