/** Shared by the AGS handlers: the caller's own line item, and line items on the wire. */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import type { AgsLineItem } from '../internal/core.js'
import type { ServiceCaller } from '../internal/services.js'
import type { LineItem, NewLineItem } from '../ports.js'

/**
 * The line item `lineItemId` of the caller's connection in the caller's context. Another tool's
 * item, or one of another course, answers 404 exactly like a missing one: a tool never learns
 * what it may not touch.
 */
export async function ownLineItem(
  deps: PlatformDeps,
  caller: ServiceCaller,
  lineItemId: string,
): Promise<LineItem> {
  const item = await deps.lineItems.get(lineItemId)
  if (item?.contextId !== caller.context.id || item.connectionId !== caller.connection.id) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { detail: `line item ${lineItemId}` })
  }
  return item
}

/** The public URL of a line item (its AGS `id`). */
export function lineItemUrl(deps: PlatformDeps, item: LineItem): string {
  return deps.settings.endpoints.lineItem(item.contextId, item.id)
}

/** A stored line item as AGS JSON. */
export function toAgsLineItem(deps: PlatformDeps, item: LineItem): AgsLineItem {
  return {
    ...item.extensions,
    id: lineItemUrl(deps, item),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceLinkId === undefined ? {} : { resourceLinkId: item.resourceLinkId }),
    ...(item.resourceId === undefined ? {} : { resourceId: item.resourceId }),
    ...(item.tag === undefined ? {} : { tag: item.tag }),
    ...(item.startDateTime === undefined ? {} : { startDateTime: item.startDateTime }),
    ...(item.endDateTime === undefined ? {} : { endDateTime: item.endDateTime }),
    ...(item.gradesReleased === undefined ? {} : { gradesReleased: item.gradesReleased }),
  }
}

const KNOWN_FIELDS = new Set([
  'id',
  'label',
  'scoreMaximum',
  'resourceLinkId',
  'resourceId',
  'tag',
  'startDateTime',
  'endDateTime',
  'gradesReleased',
  'submissionReview',
])

/**
 * The stored fields of a line item a tool sent (validated by core). `null` and blank optional
 * values mean "none". Full-URL extension members are kept; the platform MUST NOT modify
 * `resourceId` and `tag`, so they are stored exactly as sent.
 */
export function fromAgsLineItem(
  body: AgsLineItem,
): Omit<NewLineItem, 'contextId' | 'connectionId' | 'resourceLinkId' | 'assignmentId'> {
  const extensions: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    if (!KNOWN_FIELDS.has(key)) extensions[key] = value
  }
  const text = (value: string | null | undefined) => value ?? undefined
  const resourceId = text(body.resourceId)
  const tag = text(body.tag)
  const start = text(body.startDateTime)
  const end = text(body.endDateTime)
  return {
    label: body.label,
    scoreMaximum: body.scoreMaximum,
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(tag === undefined ? {} : { tag }),
    ...(start === undefined ? {} : { startDateTime: start }),
    ...(end === undefined ? {} : { endDateTime: end }),
    ...(body.gradesReleased === undefined ? {} : { gradesReleased: body.gradesReleased }),
    extensions,
  }
}
