import type { Publication } from '@ltihub/tool'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  CONFIRM_ERRORS,
  type FieldErrors,
  isConfirmed,
  noticeFrom,
  withNotice,
} from '../../console/form.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { getCourse } from '../tool-content/repository.js'
import { activeEnrolmentCounts, savePublication, sqlPublicationStore } from '@ltihub/kysely/tool'
import { enabledBody } from './access-form.js'
import { ACCESS_PATHS } from './paths.js'
import {
  PUBLICATION_NOTICES,
  PublicationDeletePage,
  type PublicationFormProps,
  PublicationPage,
} from './publication-pages.js'
import { postedPublishValues, publishValuesOf, type PublishValues } from './publish-form.js'
import { PATHS } from './publish-pages.js'
import { deletePublication, publicationUsage, setPublicationEnabled } from './records.js'

const publicationParams = z.object({ id: z.string().min(1).max(200) })

/** What the publish routes share with these: the form's lists, and reading a posted form. */
export interface PublicationFormTools {
  formProps(
    courseId: string,
    values: PublishValues,
    errors: FieldErrors,
  ): Promise<Omit<PublicationFormProps, 'action' | 'submit'>>
  validPublication(
    courseId: string,
    id: string,
    body: unknown,
  ): Promise<
    { publication: Publication; errors?: never } | { publication?: never; errors: FieldErrors }
  >
}

/** One publication: view and edit its settings, enable or disable it, delete it. */
export async function publicationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tools: PublicationFormTools,
): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const publications = sqlPublicationStore(ctx.db)
  const PUBLICATION = '/console/tool/publications/:id'

  async function publicationOf(request: FastifyRequest) {
    const { id } = parseRequest(publicationParams, request.params, 'params')
    const publication = await publications.get(id)
    if (publication === undefined) throw new HttpProblem(404, 'no such publication')
    return publication
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: PublishValues; errors: FieldErrors },
  ) {
    const publication = await publicationOf(request)
    const course = await getCourse(ctx.db, publication.courseId)
    if (course === undefined) throw new HttpProblem(404, 'no such course')
    const form = await tools.formProps(
      course.id,
      refused?.values ?? publishValuesOf(publication),
      refused?.errors ?? {},
    )
    return renderConsolePage(ctx, request, reply, {
      title: `Publication ${publication.name}`,
      status: refused === undefined ? 200 : 400,
      body: (
        <PublicationPage
          course={course}
          publication={publication}
          enrolled={(await activeEnrolmentCounts(ctx.db)).get(publication.id) ?? 0}
          form={form}
          notice={
            refused === undefined ? noticeFrom(request.query, PUBLICATION_NOTICES) : undefined
          }
        />
      ),
    })
  }

  app.get(PUBLICATION, admin, async (request, reply) => page(request, reply))

  app.post(PUBLICATION, admin, async (request, reply) => {
    const current = await publicationOf(request)
    const result = await tools.validPublication(current.courseId, current.id, request.body)
    if (result.publication === undefined) {
      return page(request, reply, {
        values: postedPublishValues(request.body),
        errors: result.errors,
      })
    }
    await savePublication(ctx.db, result.publication, ctx.clock())
    return reply.redirect(withNotice(ACCESS_PATHS.publication(current.id), 'saved'), 303)
  })

  app.post(`${PUBLICATION}/enabled`, admin, async (request, reply) => {
    const publication = await publicationOf(request)
    const { enabled } = parseRequest(enabledBody, request.body, 'body')
    await setPublicationEnabled(ctx.db, publication.id, enabled === 'on', ctx.clock())
    const notice = enabled === 'on' ? 'enabled' : 'disabled'
    return reply.redirect(withNotice(ACCESS_PATHS.publication(publication.id), notice), 303)
  })

  async function deletePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const publication = await publicationOf(request)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete publication ${publication.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: (
        <PublicationDeletePage
          publication={publication}
          usage={await publicationUsage(ctx.db, publication.id)}
          errors={errors}
        />
      ),
    })
  }

  app.get(`${PUBLICATION}/delete`, admin, async (request, reply) => deletePage(request, reply, {}))

  app.post(`${PUBLICATION}/delete`, admin, async (request, reply) => {
    const publication = await publicationOf(request)
    if (!isConfirmed(request.body)) return deletePage(request, reply, CONFIRM_ERRORS)
    await deletePublication(ctx.db, publication.id)
    return reply.redirect(withNotice(PATHS.published(publication.courseId), 'deleted'), 303)
  })
}
