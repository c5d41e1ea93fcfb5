import { describe, expect, it } from 'vitest'
import { originsOf, platformStorageScript } from './script.js'

const TOOL = 'https://tool.example.com'

interface Sent {
  readonly body: Record<string, unknown>
  readonly targetOrigin: string
}

/** Runs the script against a fake window/document and returns a way to post messages to it. */
function harness(options: Parameters<typeof platformStorageScript>[0]) {
  let listener: ((event: unknown) => void) | undefined
  const window = {
    addEventListener(type: string, fn: (event: unknown) => void) {
      if (type === 'message') listener = fn
    },
  }
  const frameWindow = {
    sent: [] as Sent[],
    postMessage(body: Record<string, unknown>, targetOrigin: string) {
      this.sent.push({ body, targetOrigin })
    },
  }
  const frame = { contentWindow: frameWindow, style: {} as Record<string, string> }
  const document = { getElementById: (id: string) => (id === 'lti-frame' ? frame : null) }
  // The script is plain ES5 built from trusted config: evaluating it is what the browser will do.
  new Function('window', 'document', platformStorageScript(options))(window, document)
  const post = (data: unknown, origin = TOOL, source: unknown = frameWindow) => {
    listener?.({ data, origin, source })
    return frameWindow.sent.at(-1)
  }
  return { post, frame, frameWindow }
}

describe('platformStorageScript', () => {
  const options = { allowedOrigins: [`${TOOL}/lti/login`], frameId: 'lti-frame' }

  it('answers lti.capabilities to the sender origin only', () => {
    const { post } = harness(options)
    const sent = post({ subject: 'lti.capabilities', message_id: 'm1' })
    expect(sent?.targetOrigin).toBe(TOOL)
    expect(sent?.body).toEqual({
      subject: 'lti.capabilities.response',
      message_id: 'm1',
      supported_messages: [
        { subject: 'lti.capabilities' },
        { subject: 'lti.put_data' },
        { subject: 'lti.get_data' },
        { subject: 'lti.frameResize' },
      ],
    })
  })

  it('stores and returns values per origin', () => {
    const { post } = harness({ ...options, allowedOrigins: [TOOL, 'https://other.example'] })
    expect(
      post({ subject: 'lti.put_data', message_id: 'a', key: 'lti_state_x', value: 's1' })?.body,
    ).toEqual({
      subject: 'lti.put_data.response',
      message_id: 'a',
      key: 'lti_state_x',
      value: 's1',
    })
    expect(post({ subject: 'lti.get_data', message_id: 'b', key: 'lti_state_x' })?.body).toEqual({
      subject: 'lti.get_data.response',
      message_id: 'b',
      key: 'lti_state_x',
      value: 's1',
    })
    // Another origin never sees the first origin's keys.
    const other = post(
      { subject: 'lti.get_data', message_id: 'c', key: 'lti_state_x' },
      'https://other.example',
    )
    expect(other?.targetOrigin).toBe('https://other.example')
    expect(other?.body).not.toHaveProperty('value')
  })

  it('refuses other origins with wrong_origin and stores nothing', () => {
    const { post } = harness(options)
    const sent = post(
      { subject: 'lti.put_data', message_id: 'a', key: 'k', value: 'v' },
      'https://evil.example',
    )
    expect(sent?.targetOrigin).toBe('https://evil.example')
    expect(sent?.body).toMatchObject({
      subject: 'lti.put_data.response',
      error: { code: 'wrong_origin' },
    })
    expect(post({ subject: 'lti.get_data', message_id: 'b', key: 'k' })?.body).not.toHaveProperty(
      'value',
    )
  })

  it.each([
    [{ subject: 'lti.put_data', message_id: 'a', key: 'k' }, 'bad_request'],
    [{ subject: 'lti.put_data', key: 'k', value: 'v' }, 'bad_request'],
    [{ subject: 'lti.put_data', message_id: 'a', key: 7, value: 'v' }, 'bad_request'],
    [
      { subject: 'lti.put_data', message_id: 'a', key: 'k', value: 'v'.repeat(4097) },
      'bad_request',
    ],
    [{ subject: 'lti.get_data', message_id: 'a' }, 'bad_request'],
    [{ subject: 'lti.unknown', message_id: 'a' }, 'unsupported_subject'],
    [{ subject: 'lti.frameResize', height: 'tall' }, 'bad_request'],
    [{ subject: 'lti.frameResize', height: 99999999 }, 'bad_request'],
  ])('answers %j with error %s', (message, code) => {
    const { post } = harness(options)
    expect(post(message)?.body).toMatchObject({ error: { code } })
  })

  it('ignores messages that are not LTI requests', () => {
    const { post, frameWindow } = harness(options)
    post('hello')
    post(null)
    post({ subject: 'org.other' })
    post({ subject: 'lti.put_data.response', message_id: 'x' })
    expect(frameWindow.sent).toHaveLength(0)
  })

  it('limits the number of keys per origin', () => {
    const { post } = harness({ ...options, maxKeysPerOrigin: 2 })
    post({ subject: 'lti.put_data', message_id: '1', key: 'a', value: '1' })
    post({ subject: 'lti.put_data', message_id: '2', key: 'b', value: '2' })
    expect(
      post({ subject: 'lti.put_data', message_id: '3', key: 'c', value: '3' })?.body,
    ).toMatchObject({
      error: { code: 'storage_exhaustion' },
    })
    // Overwriting an existing key is still allowed.
    expect(
      post({ subject: 'lti.put_data', message_id: '4', key: 'a', value: '9' })?.body,
    ).toMatchObject({ value: '9' })
  })

  it('resizes the launch frame only for the framed tool', () => {
    const { post, frame } = harness(options)
    post({ subject: 'lti.frameResize', height: 640, width: '800px' })
    expect(frame.style).toEqual({ height: '640px', width: '800px' })
    const foreign = post({ subject: 'lti.frameResize', message_id: 'r', height: 10 }, TOOL, {
      postMessage() {},
    })
    expect(foreign?.body).not.toMatchObject({ message_id: 'r' })
    expect(frame.style.height).toBe('640px')
  })

  it('escapes configuration so it cannot break out of a script element', () => {
    const script = platformStorageScript({ allowedOrigins: ['https://a.example/</script>'] })
    expect(script).not.toContain('</script>')
  })

  it('rejects unusable options', () => {
    expect(() => platformStorageScript({ allowedOrigins: [] })).toThrow(TypeError)
    expect(() => platformStorageScript({ allowedOrigins: ['not a url'] })).toThrow(TypeError)
    expect(() => platformStorageScript({ allowedOrigins: ['javascript:alert(1)'] })).toThrow(
      TypeError,
    )
    expect(() => platformStorageScript({ allowedOrigins: [TOOL], maxKeysPerOrigin: 0 })).toThrow(
      TypeError,
    )
  })

  it('derives origins from registration URLs', () => {
    expect(
      originsOf([`${TOOL}/login`, `${TOOL}/launch`, 'https://tool.example.com:8443/x']),
    ).toEqual([TOOL, 'https://tool.example.com:8443'])
  })
})

describe('platformStorageScript configuration escaping', () => {
  it('never lets an origin close the script element or open a comment', async () => {
    const fc = (await import('fast-check')).default
    fc.assert(
      fc.property(fc.string(), (path) => {
        const script = platformStorageScript({
          allowedOrigins: [`https://a.example/${path}`],
          frameId: path,
        })
        expect(script.toLowerCase()).not.toContain('</script')
        expect(script).not.toContain('<!--')
      }),
    )
  })
})
