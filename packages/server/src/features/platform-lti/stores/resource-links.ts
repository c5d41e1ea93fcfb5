/**
 * Placed LTI links (`ResourceLinkStore`) with their copy history, and the embedded content a tool
 * returned (`EmbeddedContentStore`). Content is stored as received; the tool's HTML is kept as
 * untrusted text and never rendered as markup.
 */
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type {
  EmbeddedContentStore,
  NewEmbeddedContent,
  NewResourceLink,
  ResourceLink,
  ResourceLinkStore,
} from '../layer.js'
import type { LtiEmbeddedContentTable, LtiResourceLinksTable } from '../table.js'
import { type Db, newId, optional } from './db.js'

// Read on every launch of a placed link: prepared once (`prepared` of @ltihub/kysely/sql).
const linkById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('lti_resource_links').selectAll().where('id', '=', p.id),
)

const customSchema = z.record(z.string(), z.string())
const historySchema = z.array(z.string())

function windowOf(start: string | null, end: string | null) {
  if (start === null && end === null) return undefined
  return { ...optional('startDateTime', start), ...optional('endDateTime', end) }
}

function linkOf(row: Selectable<LtiResourceLinksTable>): ResourceLink {
  return {
    id: row.id,
    contextId: row.context_id,
    connectionId: row.connection_id,
    title: row.title,
    ...optional('description', row.description),
    ...optional('url', row.url),
    custom: customSchema.parse(JSON.parse(row.custom_json)),
    ...optional('assignmentId', row.assignment_id),
    history: historySchema.parse(JSON.parse(row.history_json)),
    ...optional('available', windowOf(row.available_start, row.available_end)),
    ...optional('submission', windowOf(row.submission_start, row.submission_end)),
  }
}

async function insertLink(db: Db, link: NewResourceLink, history: readonly string[], now: number) {
  const id = newId()
  await db
    .insertInto('lti_resource_links')
    .values({
      id,
      context_id: link.contextId,
      connection_id: link.connectionId,
      assignment_id: link.assignmentId ?? null,
      title: link.title,
      description: link.description ?? null,
      url: link.url ?? null,
      custom_json: JSON.stringify(link.custom),
      history_json: JSON.stringify(history),
      available_start: link.available?.startDateTime ?? null,
      available_end: link.available?.endDateTime ?? null,
      submission_start: link.submission?.startDateTime ?? null,
      submission_end: link.submission?.endDateTime ?? null,
      created_at: now,
    })
    .execute()
  return { ...link, id, history: [...history] }
}

/** Extra operations of the SQL store beyond the port. */
export interface SqlResourceLinkStore extends ResourceLinkStore {
  /**
   * Copies a link into another section (course copy): a new id whose history starts with the
   * original's id, for `$ResourceLink.id.history`. Undefined when the original is unknown.
   */
  copy(
    resourceLinkId: string,
    target: { contextId: string; assignmentId?: string },
  ): Promise<ResourceLink | undefined>
  /** Links aligned with an assignment, oldest first. */
  listByAssignment(assignmentId: string): Promise<ResourceLink[]>
}

export function sqlResourceLinkStore(db: Db, clock: () => number): SqlResourceLinkStore {
  const get = async (id: string) => {
    const row = await linkById.takeFirst(db, { id })
    return row === undefined ? undefined : linkOf(row)
  }
  return {
    get,
    create: (link) => insertLink(db, link, [], clock()),
    async copy(resourceLinkId, target) {
      const original = await get(resourceLinkId)
      if (original === undefined) return undefined
      const { id, history, assignmentId: _old, ...rest } = original
      const copy: NewResourceLink = {
        ...rest,
        contextId: target.contextId,
        ...optional('assignmentId', target.assignmentId),
      }
      return insertLink(db, copy, [id, ...history], clock())
    },
    async listByAssignment(assignmentId) {
      const rows = await db
        .selectFrom('lti_resource_links')
        .selectAll()
        .where('assignment_id', '=', assignmentId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(linkOf)
    },
  }
}

/** Stored embedded content, as the console shows it. */
export type EmbeddedContent = NewEmbeddedContent & { readonly id: string }

function contentOf(row: Selectable<LtiEmbeddedContentTable>): EmbeddedContent {
  const base = {
    id: row.id,
    connectionId: row.connection_id,
    contextId: row.context_id,
    ...optional('assignmentId', row.assignment_id),
    ...optional('title', row.title),
    ...optional('text', row.text),
  }
  if (row.kind === 'html') return { ...base, kind: 'html', untrustedHtml: row.untrusted_html ?? '' }
  return {
    ...base,
    kind: 'image',
    url: row.url ?? '',
    ...optional('width', row.width),
    ...optional('height', row.height),
  }
}

export interface SqlEmbeddedContentStore extends EmbeddedContentStore {
  listByAssignment(assignmentId: string): Promise<EmbeddedContent[]>
}

export function sqlEmbeddedContentStore(db: Db, clock: () => number): SqlEmbeddedContentStore {
  return {
    async create(content) {
      const id = newId()
      await db
        .insertInto('lti_embedded_content')
        .values({
          id,
          kind: content.kind,
          connection_id: content.connectionId,
          context_id: content.contextId,
          assignment_id: content.assignmentId ?? null,
          url: content.kind === 'image' ? content.url : null,
          untrusted_html: content.kind === 'html' ? content.untrustedHtml : null,
          title: content.title ?? null,
          text: content.text ?? null,
          width: content.kind === 'image' ? (content.width ?? null) : null,
          height: content.kind === 'image' ? (content.height ?? null) : null,
          created_at: clock(),
        })
        .execute()
      return id
    },
    async listByAssignment(assignmentId) {
      const rows = await db
        .selectFrom('lti_embedded_content')
        .selectAll()
        .where('assignment_id', '=', assignmentId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(contentOf)
    },
  }
}
