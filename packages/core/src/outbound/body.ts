import { LtiError } from '../errors/lti-error.js'

/**
 * A response body that errors with `ERR_OUTBOUND_TOO_LARGE` past `maxBytes` and with
 * `ERR_OUTBOUND_TIMEOUT` when the whole body has not arrived within `timeoutMs`: a server that
 * sends its headers and then drips its body cannot hold the caller. The source is cancelled (its
 * connection closed) on either, and when the caller cancels.
 */
export function limitedBody(
  source: ReadableStream<Uint8Array>,
  limits: { readonly maxBytes: number; readonly timeoutMs: number; readonly where: string },
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let total = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const stop = (controller: ReadableStreamDefaultController<Uint8Array>, error: LtiError) => {
    stopped = true
    clearTimeout(timer)
    controller.error(error)
    reader.cancel(error).catch(() => undefined)
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => {
        stop(
          controller,
          new LtiError('ERR_OUTBOUND_TIMEOUT', {
            detail: `${limits.where}: body not complete after ${limits.timeoutMs} ms`,
          }),
        )
      }, limits.timeoutMs)
    },
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch (cause) {
        clearTimeout(timer)
        if (stopped) return
        throw new LtiError('ERR_OUTBOUND_UNREACHABLE', {
          detail: `${limits.where}: body interrupted`,
          cause,
        })
      }
      if (stopped) return
      if (chunk.done) {
        clearTimeout(timer)
        controller.close()
        return
      }
      total += chunk.value.byteLength
      if (total > limits.maxBytes) {
        stop(
          controller,
          new LtiError('ERR_OUTBOUND_TOO_LARGE', {
            detail: `${limits.where}: body over ${limits.maxBytes} bytes`,
          }),
        )
        return
      }
      controller.enqueue(chunk.value)
    },
    cancel(reason) {
      clearTimeout(timer)
      return reader.cancel(reason)
    },
  })
}
