import type { z } from 'zod'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import {
  isJsonObject,
  parseAbsoluteUrl,
  readRequestJson,
  schemaError,
} from '../internal/services-http.js'
import { AGS_ACCEPTED_MEDIA_TYPES } from './media-types.js'
import { type LineItem, lineItemSchema, type Score, scoreSchema } from './schema.js'

/** Largest line item or score body a platform reads. */
export const AGS_MAX_BODY_BYTES = 65_536

/** Whether a body is created (`POST {lineitems}`) or replaces a line item (`PUT {lineitem}`). */
export type LineItemMode = 'create' | 'update'

/**
 * Keeps the known fields and the vendor extensions, whose keys "MUST be full URLs" (AGS §3.2.2);
 * other unknown keys are dropped rather than stored.
 */
function keepExtensions<T extends Record<string, unknown>>(value: T, known: readonly string[]): T {
  const kept: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (known.includes(key) || parseAbsoluteUrl(key)?.protocol.startsWith('http')) kept[key] = field
  }
  return kept as T
}

function parseObject<S extends z.ZodType>(
  schema: S,
  body: unknown,
  code: LtiErrorCode,
): z.output<S> {
  if (!isJsonObject(body)) {
    throw new LtiError(code, { detail: 'the body must be a JSON object' })
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw schemaError(code, parsed.error)
  return parsed.data
}

const LINE_ITEM_FIELDS = Object.keys(lineItemSchema.shape)
const SCORE_FIELDS = Object.keys(scoreSchema.shape)

/**
 * Validates a line item a tool sent. In `create` mode an `id` is ignored (the platform assigns
 * it); in `update` mode it is kept so the caller can compare it with {@link checkLineItemUpdate}.
 *
 * @throws LtiError `ERR_LTI_AGS_INVALID_LINE_ITEM` naming the field (`claim`) at fault.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export function parseLineItemBody(body: unknown, mode: LineItemMode): LineItem {
  if (mode !== 'create' && mode !== 'update')
    throw new TypeError("mode must be 'create' or 'update'")
  const lineItem = keepExtensions(
    parseObject(lineItemSchema, body, 'ERR_LTI_AGS_INVALID_LINE_ITEM'),
    LINE_ITEM_FIELDS,
  )
  // "id: platform-assigned; absent on POST": a tool-sent id is ignored on create.
  if (mode === 'create') delete lineItem.id
  return lineItem
}

/**
 * Checks a PUT against the stored line item: "the tool MUST NOT change" `resourceLinkId`, and a
 * different `id` would edit another item. Returns the update with the stored `id`.
 *
 * @throws LtiError `ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD` (claim `id` or `resourceLinkId`).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#updating-a-line-item
 */
export function checkLineItemUpdate(stored: LineItem, update: LineItem): LineItem {
  if (update.id !== undefined && update.id !== stored.id) {
    throw new LtiError('ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD', { claim: 'id' })
  }
  if (
    update.resourceLinkId !== undefined &&
    update.resourceLinkId !== null &&
    update.resourceLinkId !== (stored.resourceLinkId ?? undefined)
  ) {
    throw new LtiError('ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD', { claim: 'resourceLinkId' })
  }
  return { ...update, ...(stored.id === undefined ? {} : { id: stored.id }) }
}

/**
 * Validates a score a tool posted.
 *
 * @throws LtiError `ERR_LTI_AGS_INVALID_SCORE` naming the field at fault, or
 *   `ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED` for `scoreGiven` without `scoreMaximum`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function parseScoreBody(body: unknown): Score {
  return keepExtensions(parseObject(scoreSchema, body, 'ERR_LTI_AGS_INVALID_SCORE'), SCORE_FIELDS)
}

/** Body size and media type options of the request readers. */
export interface AgsRequestOptions {
  /** Defaults to {@link AGS_MAX_BODY_BYTES}. */
  readonly maxBytes?: number | undefined
}

/**
 * Reads and validates the line item of a `POST {lineitems}` or `PUT {lineitem}` request: media
 * type (`application/vnd.ims.lis.v2.lineitem+json` or `application/json`), size, JSON, schema.
 *
 * @throws LtiError `ERR_LTI_UNSUPPORTED_MEDIA_TYPE`, `ERR_LTI_INPUT_TOO_LARGE`,
 *   `ERR_LTI_MALFORMED_JSON`, `ERR_LTI_AGS_INVALID_LINE_ITEM`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export async function parseLineItemRequest(
  request: Request,
  mode: LineItemMode,
  options: AgsRequestOptions = {},
): Promise<LineItem> {
  const body = await readRequestJson(request, {
    accept: AGS_ACCEPTED_MEDIA_TYPES.lineItem,
    maxBytes: options.maxBytes ?? AGS_MAX_BODY_BYTES,
  })
  return parseLineItemBody(body, mode)
}

/**
 * Reads and validates the score of a `POST {lineitem}/scores` request: media type
 * (`application/vnd.ims.lis.v1.score+json`, the mistaken v2 spelling, or `application/json`),
 * size, JSON, schema.
 *
 * @throws LtiError `ERR_LTI_UNSUPPORTED_MEDIA_TYPE`, `ERR_LTI_INPUT_TOO_LARGE`,
 *   `ERR_LTI_MALFORMED_JSON`, `ERR_LTI_AGS_INVALID_SCORE`, `ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function parseScoreRequest(
  request: Request,
  options: AgsRequestOptions = {},
): Promise<Score> {
  const body = await readRequestJson(request, {
    accept: AGS_ACCEPTED_MEDIA_TYPES.score,
    maxBytes: options.maxBytes ?? AGS_MAX_BODY_BYTES,
  })
  return parseScoreBody(body)
}
