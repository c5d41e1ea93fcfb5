import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  CONFIRM_ERRORS,
  fieldErrorsOf,
  type FieldErrors,
  isConfirmed,
  noticeFrom,
  postedValues,
  withNotice,
} from '../../console/form.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { createConsumerKey, sqlConsumerKeyStore } from '@ltihub/kysely/tool'
import { enabledBody, KEY_LABELS, keyBody, keyEditBody, randomSecret } from './access-form.js'
import { KEY_NOTICES, KeyDeletePage, KeyPage, KeysPage, type KeyValues } from './key-pages.js'
import { ACCESS_PATHS } from './paths.js'
import {
  consumerUsage,
  deleteConsumerKey,
  rotateConsumerSecret,
  setConsumerKeyEnabled,
  updateConsumerKey,
} from './records.js'

const keyParams = z.object({ key: z.string().min(1).max(100) })
const EMPTY: KeyValues = { name: '', lmsId: '', key: '' }

/** LTI 1.1 consumer keys: list and create, view and edit, disable, replace the secret, delete. */
export async function keyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const keys = sqlConsumerKeyStore(ctx.db, ctx)
  const KEY = `${ACCESS_PATHS.keys}/:key`

  async function consumerOf(request: FastifyRequest) {
    const { key } = parseRequest(keyParams, request.params, 'params')
    const consumer = await keys.find(key)
    if (consumer === undefined) throw new HttpProblem(404, 'no such consumer key')
    return consumer
  }

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: KeyValues; errors: FieldErrors; status: number },
  ) {
    return renderConsolePage(ctx, request, reply, {
      title: 'LTI 1.1 consumer keys',
      status: refused?.status ?? 200,
      body: (
        <KeysPage
          keys={await keys.list()}
          values={refused?.values ?? EMPTY}
          errors={refused?.errors ?? {}}
          notice={refused === undefined ? noticeFrom(request.query, KEY_NOTICES) : undefined}
        />
      ),
    })
  }

  async function keyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: { name: string; lmsId: string }; errors: FieldErrors },
  ) {
    const consumer = await consumerOf(request)
    return renderConsolePage(ctx, request, reply, {
      title: `Consumer key ${consumer.name}`,
      status: refused === undefined ? 200 : 400,
      body: (
        <KeyPage
          consumer={consumer}
          usage={await consumerUsage(ctx.db, { kind: 'lti11', consumerKey: consumer.key })}
          values={refused?.values ?? { name: consumer.name, lmsId: consumer.lmsIdPrefix }}
          errors={refused?.errors ?? {}}
          notice={refused === undefined ? noticeFrom(request.query, KEY_NOTICES) : undefined}
        />
      ),
    })
  }

  app.get(ACCESS_PATHS.keys, admin, async (request, reply) => listPage(request, reply))

  app.post(ACCESS_PATHS.keys, admin, async (request, reply) => {
    const parsed = keyBody.safeParse(request.body ?? {})
    const values = postedValues(request.body, ['name', 'lmsId', 'key'])
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error, KEY_LABELS)
      return listPage(request, reply, { values, errors, status: 400 })
    }
    const body = parsed.data
    const key = body.key === '' ? `key-${randomSecret().slice(0, 12)}` : body.key
    const created = await createConsumerKey(ctx.db, ctx, {
      key,
      secret: randomSecret(),
      name: body.name,
      lmsIdPrefix: body.lmsId,
      enabled: true,
    })
    if (!created) {
      const errors = { key: `Key ${key} exists already: choose another.` }
      return listPage(request, reply, { values, errors, status: 409 })
    }
    return reply.redirect(withNotice(ACCESS_PATHS.key(key), 'created'), 303)
  })

  app.get(KEY, admin, async (request, reply) => keyPage(request, reply))

  app.post(KEY, admin, async (request, reply) => {
    const consumer = await consumerOf(request)
    const parsed = keyEditBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const values = postedValues(request.body, ['name', 'lmsId'])
      return keyPage(request, reply, { values, errors: fieldErrorsOf(parsed.error, KEY_LABELS) })
    }
    await updateConsumerKey(ctx.db, consumer.key, {
      name: parsed.data.name,
      lmsIdPrefix: parsed.data.lmsId,
    })
    return reply.redirect(withNotice(ACCESS_PATHS.key(consumer.key), 'saved'), 303)
  })

  app.post(`${KEY}/enabled`, admin, async (request, reply) => {
    const consumer = await consumerOf(request)
    const { enabled } = parseRequest(enabledBody, request.body, 'body')
    await setConsumerKeyEnabled(ctx.db, consumer.key, enabled === 'on')
    const notice = enabled === 'on' ? 'enabled' : 'disabled'
    return reply.redirect(withNotice(ACCESS_PATHS.key(consumer.key), notice), 303)
  })

  app.post(`${KEY}/rotate`, admin, async (request, reply) => {
    const consumer = await consumerOf(request)
    await rotateConsumerSecret(ctx.db, ctx, consumer.key, randomSecret())
    return reply.redirect(withNotice(ACCESS_PATHS.key(consumer.key), 'rotated'), 303)
  })

  async function deletePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const consumer = await consumerOf(request)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete consumer key ${consumer.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: (
        <KeyDeletePage
          consumer={consumer}
          usage={await consumerUsage(ctx.db, { kind: 'lti11', consumerKey: consumer.key })}
          errors={errors}
        />
      ),
    })
  }

  app.get(`${KEY}/delete`, admin, async (request, reply) => deletePage(request, reply, {}))

  app.post(`${KEY}/delete`, admin, async (request, reply) => {
    const consumer = await consumerOf(request)
    if (!isConfirmed(request.body)) return deletePage(request, reply, CONFIRM_ERRORS)
    await deleteConsumerKey(ctx.db, consumer.key)
    return reply.redirect(withNotice(ACCESS_PATHS.keys, 'deleted'), 303)
  })
}
