import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'

describe('logger', () => {
  it('redacts credentials and secrets wherever they appear', () => {
    const lines: string[] = []
    const logger = createLogger(
      { logLevel: 'info' },
      { write: (line: string) => void lines.push(line) },
    )
    logger.info(
      {
        req: { headers: { authorization: 'Bearer a1', cookie: 'c1', host: 'lti.test' } },
        res: { headers: { 'set-cookie': 's1' } },
        registration: { client_secret: 'cs1', privateJwk: { d: 'pk1' } },
        password: 'pw1',
        body: { id_token: 'jwt1', oauth_signature: 'sig1' },
      },
      'request',
    )
    const text = lines.join('')
    for (const secret of ['a1', 'c1', 's1', 'cs1', 'pk1', 'pw1', 'jwt1', 'sig1']) {
      expect(text).not.toContain(`"${secret}"`)
    }
    expect(text).toContain('lti.test')
    expect(JSON.parse(text)).toMatchObject({ service: 'ltihub', msg: 'request' })
  })

  it('logs request URLs without their query string (state, nonces, hints)', async () => {
    const lines: string[] = []
    const logger = createLogger(
      { logLevel: 'info' },
      { write: (line: string) => void lines.push(line) },
    )
    const app = Fastify({ loggerInstance: logger })
    app.get('/platform/authorize', async () => 'ok')
    await app.inject({
      url: '/platform/authorize?state=st4te1&nonce=n0nce1&lti_message_hint=h1nt1',
    })
    await app.close()
    const text = lines.join('')
    expect(text).toContain('/platform/authorize?[redacted]')
    for (const secret of ['st4te1', 'n0nce1', 'h1nt1']) expect(text).not.toContain(secret)
  })

  it('honours the level', () => {
    const lines: string[] = []
    const logger = createLogger(
      { logLevel: 'warn' },
      { write: (line: string) => void lines.push(line) },
    )
    logger.info('hidden')
    logger.warn('shown')
    expect(lines).toHaveLength(1)
  })
})
