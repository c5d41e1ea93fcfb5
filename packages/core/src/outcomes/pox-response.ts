import { LtiError } from '../errors/lti-error.js'
import { childNamed, escapeXmlText, parseXml, type XmlElement } from '../internal/lti11-xml.js'
import { randomId } from '../internal/random.js'
import { DEFAULT_MAX_POX_BYTES } from './pox-request.js'
import { formatScore, parseScore } from './score.js'
import { type CodeMajor, type OutcomeResponse, POX_NAMESPACE, type Severity } from './schema.js'

const CODE_MAJORS: readonly CodeMajor[] = ['success', 'failure', 'unsupported', 'processing']
const SEVERITIES: readonly Severity[] = ['status', 'warning', 'error']

/** What {@link buildOutcomeResponse} writes. */
export interface OutcomeResponseInput {
  readonly codeMajor: CodeMajor
  /** Defaults to `error` for a failure and `status` otherwise. */
  readonly severity?: Severity
  readonly description?: string
  /** The request's `imsx_messageIdentifier`. */
  readonly messageRefIdentifier: string
  /** The operation name without `Request` (`replaceResult`, ..., or the unsupported name). */
  readonly operation: string
  /** This response's identifier; a random one by default. */
  readonly messageIdentifier?: string
  /** For a successful `readResult`: the stored score, or `null` when there is none. */
  readonly score?: number | null
}

/**
 * Writes an `imsx_POXEnvelopeResponse` (platform side). A successful operation gets its
 * `<operationResponse/>` body (with the result for `readResult`); failure and unsupported get an
 * empty body ("Unknown operation → codeMajor unsupported, severity status, empty body").
 * @throws TypeError on a score outside [0, 1].
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function buildOutcomeResponse(input: OutcomeResponseInput): string {
  if (!CODE_MAJORS.includes(input.codeMajor)) throw new TypeError('Unknown imsx_codeMajor')
  const severity = input.severity ?? (input.codeMajor === 'failure' ? 'error' : 'status')
  const status =
    `<imsx_statusInfo><imsx_codeMajor>${input.codeMajor}</imsx_codeMajor>` +
    `<imsx_severity>${severity}</imsx_severity>` +
    `<imsx_description>${escapeXmlText(input.description ?? '')}</imsx_description>` +
    `<imsx_messageRefIdentifier>${escapeXmlText(input.messageRefIdentifier)}</imsx_messageRefIdentifier>` +
    `<imsx_operationRefIdentifier>${escapeXmlText(input.operation)}</imsx_operationRefIdentifier>` +
    '</imsx_statusInfo>'
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<imsx_POXEnvelopeResponse xmlns="${POX_NAMESPACE}">`,
    '<imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version>' +
      `<imsx_messageIdentifier>${escapeXmlText(input.messageIdentifier ?? randomId(12))}</imsx_messageIdentifier>` +
      `${status}</imsx_POXResponseHeaderInfo></imsx_POXHeader>`,
    `<imsx_POXBody>${responseBody(input)}</imsx_POXBody>`,
    '</imsx_POXEnvelopeResponse>',
  ].join('\n')
}

function responseBody(input: OutcomeResponseInput): string {
  if (input.codeMajor !== 'success') return ''
  switch (input.operation) {
    case 'replaceResult':
    case 'deleteResult':
      return `<${input.operation}Response/>`
    case 'readResult': {
      const score =
        input.score === undefined || input.score === null ? '' : formatScore(input.score)
      return (
        '<readResultResponse><result><resultScore><language>en</language>' +
        `<textString>${score}</textString></resultScore></result></readResultResponse>`
      )
    }
    default:
      return ''
  }
}

function invalid(claim: string): LtiError {
  return new LtiError('ERR_LTI_INVALID_PAYLOAD', { claim, detail: `<${claim}> missing or invalid` })
}

function textOf(parent: XmlElement | undefined, name: string): string | undefined {
  return parent === undefined ? undefined : childNamed(parent, name)?.text.trim()
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  claim: string,
): T {
  const match = allowed.find((candidate) => candidate === value)
  if (match === undefined) throw invalid(claim)
  return match
}

/**
 * Parses an `imsx_POXEnvelopeResponse` (tool side). The HTTP status is normally 200 even for a
 * failure; the outcome is in `codeMajor`.
 * @throws LtiError ERR_LTI_MALFORMED_XML, ERR_LTI_INVALID_PAYLOAD or ERR_LTI_OUTCOME_INVALID_SCORE.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function parseOutcomeResponse(
  xml: string | Uint8Array,
  options: { readonly maxBytes?: number } = {},
): OutcomeResponse {
  const root = parseXml(xml, { maxBytes: options.maxBytes ?? DEFAULT_MAX_POX_BYTES })
  if (root.name !== 'imsx_POXEnvelopeResponse') {
    throw new LtiError('ERR_LTI_MALFORMED_XML', { detail: `root <${root.name.slice(0, 64)}>` })
  }
  const headerElement = childNamed(root, 'imsx_POXHeader')
  const info = headerElement && childNamed(headerElement, 'imsx_POXResponseHeaderInfo')
  const status = info && childNamed(info, 'imsx_statusInfo')
  if (info === undefined || status === undefined) throw invalid('imsx_statusInfo')
  const operation = textOf(status, 'imsx_operationRefIdentifier') ?? ''
  const response: OutcomeResponse = {
    codeMajor: oneOf(textOf(status, 'imsx_codeMajor'), CODE_MAJORS, 'imsx_codeMajor'),
    severity: oneOf(textOf(status, 'imsx_severity'), SEVERITIES, 'imsx_severity'),
    description: textOf(status, 'imsx_description') ?? '',
    messageIdentifier: textOf(info, 'imsx_messageIdentifier') ?? '',
    messageRefIdentifier: textOf(status, 'imsx_messageRefIdentifier') ?? '',
    operation,
  }
  if (response.codeMajor !== 'success' || operation !== 'readResult') return response
  return { ...response, score: readScore(childNamed(root, 'imsx_POXBody')) }
}

function readScore(body: XmlElement | undefined): number | null {
  const path = ['readResultResponse', 'result', 'resultScore', 'textString']
  let element = body
  for (const name of path) element = element && childNamed(element, name)
  const text = element?.text.trim() ?? ''
  // "empty textString when no grade"
  return text === '' ? null : parseScore(text)
}
