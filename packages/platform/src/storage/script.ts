/**
 * The platform side of LTI platform storage (lti-notes §14): a script for the LMS page that hosts
 * the tool's launch frame. Browsers block third-party cookies in that frame, so the tool keeps its
 * OIDC `state` and `nonce` with the platform through `window.postMessage` instead.
 *
 * The script answers `lti.capabilities`, `lti.put_data`, `lti.get_data` and `lti.frameResize`, only
 * for messages from the tool origins it was built with, always replying to `event.origin` (never
 * `'*'`), and keeps each origin's data apart: "namespace stored data by the requesting origin" so a
 * tool reads only its own keys. Data lives in memory for the life of the page, which spans the
 * login initiation and the launch it guards.
 */

/** The `lti_storage_target` value for a tool framed by the page running the script. */
export const STORAGE_TARGET_PARENT = '_parent'

/** Options of {@link platformStorageScript}. */
export interface PlatformStorageScriptOptions {
  /** Origins of the tool (e.g. `https://tool.example.com`); messages from any other are refused. */
  readonly allowedOrigins: readonly string[]
  /** The `id` of the launch `<iframe>` that `lti.frameResize` resizes. */
  readonly frameId?: string
  /** Most keys stored per origin (Canvas uses 500). */
  readonly maxKeysPerOrigin?: number
  /** Longest key or value accepted, in characters (Canvas uses 4096). */
  readonly maxValueLength?: number
}

/** Frame height/width accepted from `lti.frameResize`, in CSS pixels. */
const MAX_FRAME_PIXELS = 20_000

function normalizeOrigin(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`allowedOrigins: ${JSON.stringify(value)} is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`allowedOrigins: ${JSON.stringify(value)} is not an http(s) origin`)
  }
  return url.origin
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback
  if (!Number.isInteger(result) || result < 1)
    throw new TypeError(`${name} must be a positive integer`)
  return result
}

/** JSON safe to place inside an inline `<script>` (no `</script>`, no HTML comment openers). */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
}

/**
 * The tool origins of a set of registration URLs (login initiation, redirect and launch URLs),
 * to pass as `allowedOrigins`.
 */
export function originsOf(urls: readonly string[]): string[] {
  return [...new Set(urls.map(normalizeOrigin))]
}

/**
 * Returns the script text to inline in the page that frames the tool (serve it with a CSP nonce or
 * hash). It uses only `window` and `document`.
 *
 * @example
 * const script = platformStorageScript({ allowedOrigins: ['https://tool.example.com'], frameId: 'lti' })
 * html`<iframe id="lti" name="lti" src=${loginUrl}></iframe><script nonce=${n}>${script}</script>`
 * @see https://www.imsglobal.org/spec/lti-pm-s/v0p1
 */
export function platformStorageScript(options: PlatformStorageScriptOptions): string {
  if (options.allowedOrigins.length === 0) throw new TypeError('allowedOrigins must not be empty')
  const config = {
    origins: originsOf(options.allowedOrigins),
    frameId: options.frameId ?? null,
    maxKeys: positiveInteger('maxKeysPerOrigin', options.maxKeysPerOrigin, 500),
    maxLength: positiveInteger('maxValueLength', options.maxValueLength, 4096),
    maxPixels: MAX_FRAME_PIXELS,
  }
  return `(function () {
  'use strict';
  var config = ${inlineJson(config)};
  var stores = Object.create(null);
  var supported = ['lti.capabilities', 'lti.put_data', 'lti.get_data', 'lti.frameResize'];
  function reply(event, body) {
    if (event.source && typeof event.source.postMessage === 'function') {
      event.source.postMessage(body, event.origin);
    }
  }
  function fail(event, data, code, message) {
    reply(event, { subject: data.subject + '.response', message_id: data.message_id,
      error: { code: code, message: message } });
  }
  function isText(value) {
    return typeof value === 'string' && value.length > 0 && value.length <= config.maxLength;
  }
  function storeOf(origin) {
    if (!Object.prototype.hasOwnProperty.call(stores, origin)) stores[origin] = new Map();
    return stores[origin];
  }
  function capabilities(event, data) {
    reply(event, { subject: 'lti.capabilities.response', message_id: data.message_id,
      supported_messages: supported.map(function (subject) { return { subject: subject }; }) });
  }
  function putData(event, data) {
    if (!isText(data.key) || typeof data.value !== 'string' || data.value.length > config.maxLength) {
      return fail(event, data, 'bad_request', 'key and value must be strings within the size limit');
    }
    var store = storeOf(event.origin);
    if (!store.has(data.key) && store.size >= config.maxKeys) {
      return fail(event, data, 'storage_exhaustion', 'too many keys for this origin');
    }
    store.set(data.key, data.value);
    reply(event, { subject: 'lti.put_data.response', message_id: data.message_id,
      key: data.key, value: data.value });
  }
  function getData(event, data) {
    if (!isText(data.key)) return fail(event, data, 'bad_request', 'key must be a string');
    var store = storeOf(event.origin);
    var body = { subject: 'lti.get_data.response', message_id: data.message_id, key: data.key };
    if (store.has(data.key)) body.value = store.get(data.key);
    reply(event, body);
  }
  function pixels(value) {
    var number = typeof value === 'string' ? Number(value.replace(/px$/, '')) : value;
    return typeof number === 'number' && isFinite(number) && number >= 0 &&
      number <= config.maxPixels ? Math.round(number) : undefined;
  }
  function frameResize(event, data) {
    var frame = config.frameId === null ? null : document.getElementById(config.frameId);
    var height = pixels(data.height);
    var width = data.width === undefined ? undefined : pixels(data.width);
    if (frame === null || frame.contentWindow !== event.source) {
      return fail(event, data, 'bad_request', 'no launch frame to resize for this sender');
    }
    if (height === undefined || (data.width !== undefined && width === undefined)) {
      return fail(event, data, 'bad_request', 'height and width must be pixel sizes');
    }
    frame.style.height = height + 'px';
    if (width !== undefined) frame.style.width = width + 'px';
    if (data.message_id !== undefined) {
      reply(event, { subject: 'lti.frameResize.response', message_id: data.message_id });
    }
  }
  var handlers = { 'lti.capabilities': capabilities, 'lti.put_data': putData,
    'lti.get_data': getData, 'lti.frameResize': frameResize };
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (data === null || typeof data !== 'object' || typeof data.subject !== 'string') return;
    if (data.subject.indexOf('lti.') !== 0 || /\\.response$/.test(data.subject)) return;
    if (config.origins.indexOf(event.origin) === -1) {
      return fail(event, data, 'wrong_origin', 'this origin may not use platform storage');
    }
    if (!Object.prototype.hasOwnProperty.call(handlers, data.subject)) {
      return fail(event, data, 'unsupported_subject', 'unsupported subject');
    }
    if (data.subject !== 'lti.frameResize' && !isText(data.message_id)) {
      return fail(event, data, 'bad_request', 'message_id is required');
    }
    handlers[data.subject](event, data);
  });
})();
`
}
