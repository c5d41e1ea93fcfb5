import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AUTO_SUBMIT_SCRIPT, escapeHtml, renderAutoSubmitForm } from './auto-submit-form.js'

describe('renderAutoSubmitForm', () => {
  it('posts every field, escaped, to the URL', () => {
    const html = renderAutoSubmitForm('https://tool.example.com/launch?a=1&b=2', [
      ['user_id', '"><script>alert(1)</script>'],
      ["it's", '&amp;'],
    ])
    expect(html).toContain('action="https://tool.example.com/launch?a=1&amp;b=2"')
    expect(html).toContain('method="post"')
    expect(html).toContain(
      '<input type="hidden" name="user_id" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">',
    )
    expect(html).toContain('name="it&#39;s" value="&amp;amp;"')
    expect(html).toContain(`<script>${AUTO_SUBMIT_SCRIPT}</script>`)
    expect(html).toContain('<noscript>')
  })

  it('accepts a record and a CSP nonce and target', () => {
    const html = renderAutoSubmitForm(
      'https://t.example/',
      { a: 'b' },
      { cspNonce: 'n"1', target: 'frame' },
    )
    expect(html).toContain('<script nonce="n&quot;1">')
    expect(html).toContain('target="frame"')
  })

  it('never lets a value close its attribute', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, value) => {
        const html = renderAutoSubmitForm('https://t.example/', [[name, value]])
        const input = /<input type="hidden" name="([^"]*)" value="([^"]*)">/.exec(html)
        expect(input?.[1]).toBe(escapeHtml(name))
        expect(input?.[2]).toBe(escapeHtml(value))
        expect(html.match(/<script/g)).toHaveLength(1)
      }),
    )
  })

  it.each(['javascript:alert(1)', 'data:text/html,x', '/relative'])(
    'refuses the action %s',
    (url) => {
      expect(() => renderAutoSubmitForm(url, [])).toThrow(TypeError)
    },
  )
})
