import { LtiError } from '../errors/lti-error.js'
import { childNamed, escapeXmlText, parseXml, type XmlElement } from '../internal/lti11-xml.js'
import { isHttpUrl } from '../oauth1/lti11-schema.js'
import { formatScore, parseScore } from './score.js'
import {
  OUTCOME_OPERATIONS,
  type OutcomeOperation,
  type OutcomeRequest,
  POX_NAMESPACE,
  type ResultData,
} from './schema.js'

/** Default limit for a POX document: a replaceResult is well under 2 KiB. */
export const DEFAULT_MAX_POX_BYTES = 64 * 1024

/**
 * Writes the `imsx_POXEnvelopeRequest` for one operation (tool side).
 * @throws TypeError on an empty sourcedId, a score outside [0, 1] or a non-http(s) result URL.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function buildOutcomeRequestXml(
  operation: OutcomeOperation,
  messageIdentifier: string,
): string {
  if (typeof operation.sourcedId !== 'string' || operation.sourcedId === '') {
    throw new TypeError('A Basic Outcomes operation needs a sourcedId')
  }
  if (!(OUTCOME_OPERATIONS as readonly string[]).includes(operation.operation)) {
    throw new TypeError(`Unknown Basic Outcomes operation ${String(operation.operation)}`)
  }
  const result = operation.operation === 'replaceResult' ? resultXml(operation) : ''
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<imsx_POXEnvelopeRequest xmlns="${POX_NAMESPACE}">`,
    '<imsx_POXHeader><imsx_POXRequestHeaderInfo><imsx_version>V1.0</imsx_version>' +
      `<imsx_messageIdentifier>${escapeXmlText(messageIdentifier)}</imsx_messageIdentifier>` +
      '</imsx_POXRequestHeaderInfo></imsx_POXHeader>',
    `<imsx_POXBody><${operation.operation}Request><resultRecord><sourcedGUID><sourcedId>` +
      `${escapeXmlText(operation.sourcedId)}</sourcedId></sourcedGUID>${result}</resultRecord>` +
      `</${operation.operation}Request></imsx_POXBody>`,
    '</imsx_POXEnvelopeRequest>',
  ].join('\n')
}

function resultXml(operation: { score: number; resultData?: ResultData }): string {
  const score =
    '<resultScore><language>en</language>' +
    `<textString>${formatScore(operation.score)}</textString></resultScore>`
  return `<result>${score}${resultDataXml(operation.resultData)}</result>`
}

function resultDataXml(data: ResultData | undefined): string {
  if (data === undefined) return ''
  if ('url' in data) {
    if (!isHttpUrl(data.url)) throw new TypeError('resultData.url must be an http(s) URL')
    return `<resultData><url>${escapeXmlText(data.url)}</url></resultData>`
  }
  return `<resultData><text>${escapeXmlText(data.text)}</text></resultData>`
}

function invalid(claim: string, detail?: string): LtiError {
  return new LtiError('ERR_LTI_INVALID_PAYLOAD', {
    claim,
    ...(detail === undefined ? {} : { detail }),
  })
}

function required(parent: XmlElement | undefined, name: string): XmlElement {
  const child = parent === undefined ? undefined : childNamed(parent, name)
  if (child === undefined) throw invalid(name, `<${name}> missing`)
  return child
}

/** The header and the operation element of a POX request, before the operation is understood. */
export interface PoxEnvelope {
  readonly messageIdentifier: string
  /** The body element's name without `Request` (e.g. `replaceResult`, or an unknown name). */
  readonly operationName: string
  readonly operationElement: XmlElement
}

/**
 * Reads a POX request envelope: root, `imsx_messageIdentifier` and the single operation element.
 * @throws LtiError ERR_LTI_MALFORMED_XML, ERR_LTI_INPUT_TOO_LARGE or ERR_LTI_INVALID_PAYLOAD.
 */
export function readPoxEnvelope(
  xml: string | Uint8Array,
  maxBytes = DEFAULT_MAX_POX_BYTES,
): PoxEnvelope {
  const root = parseXml(xml, { maxBytes })
  if (root.name !== 'imsx_POXEnvelopeRequest') {
    throw new LtiError('ERR_LTI_MALFORMED_XML', { detail: `root <${root.name.slice(0, 64)}>` })
  }
  const header = required(required(root, 'imsx_POXHeader'), 'imsx_POXRequestHeaderInfo')
  const messageIdentifier = required(header, 'imsx_messageIdentifier').text.trim()
  if (messageIdentifier === '' || messageIdentifier.length > 256) {
    throw invalid('imsx_messageIdentifier')
  }
  const body = required(root, 'imsx_POXBody')
  const [operationElement, ...others] = body.children
  if (operationElement === undefined || others.length > 0) {
    throw invalid('imsx_POXBody', 'the body must hold exactly one operation')
  }
  const operationName = operationElement.name.replace(/Request$/, '')
  return { messageIdentifier, operationName, operationElement }
}

/**
 * Parses a Basic Outcomes request (platform side) into a typed operation. Scores must be plain
 * decimals in [0.0, 1.0].
 * @throws LtiError ERR_LTI_OUTCOME_UNSUPPORTED_OPERATION, ERR_LTI_OUTCOME_INVALID_SCORE,
 * ERR_LTI_INVALID_PAYLOAD, ERR_LTI_MALFORMED_XML or ERR_LTI_INPUT_TOO_LARGE.
 * @example
 * const { consumerKey, xml } = await verifyOutcomeRequest(request, deps)
 * const op = parseOutcomeRequest(xml) // { operation: 'replaceResult', sourcedId, score: 0.92, ... }
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function parseOutcomeRequest(
  xml: string | Uint8Array,
  options: { readonly maxBytes?: number } = {},
): OutcomeRequest {
  return parseOperation(readPoxEnvelope(xml, options.maxBytes))
}

/** Interprets the operation element of an envelope. */
export function parseOperation(envelope: PoxEnvelope): OutcomeRequest {
  const { messageIdentifier, operationName, operationElement } = envelope
  const operation = OUTCOME_OPERATIONS.find((name) => `${name}Request` === operationElement.name)
  if (operation === undefined) {
    throw new LtiError('ERR_LTI_OUTCOME_UNSUPPORTED_OPERATION', {
      claim: 'imsx_POXBody',
      detail: `operation ${operationName.slice(0, 64)}`,
    })
  }
  const record = required(operationElement, 'resultRecord')
  const sourcedId = required(required(record, 'sourcedGUID'), 'sourcedId').text.trim()
  if (sourcedId === '' || sourcedId.length > 1024) throw invalid('sourcedId')
  if (operation !== 'replaceResult') return { operation, sourcedId, messageIdentifier }
  const result = required(record, 'result')
  const score = parseScore(required(required(result, 'resultScore'), 'textString').text)
  const resultData = readResultData(childNamed(result, 'resultData'))
  return {
    operation,
    sourcedId,
    score,
    messageIdentifier,
    ...(resultData === undefined ? {} : { resultData }),
  }
}

function readResultData(element: XmlElement | undefined): ResultData | undefined {
  if (element === undefined) return undefined
  const url = childNamed(element, 'url')
  if (url !== undefined) {
    const value = url.text.trim()
    if (!isHttpUrl(value)) throw invalid('resultData', 'resultData url is not http(s)')
    return { url: value }
  }
  const text = childNamed(element, 'text')
  return text === undefined ? undefined : { text: text.text }
}
