import { render } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { PlainText, textBlocks } from './plain-text.js'

describe('plain text of content pages', () => {
  it('reads paragraphs, headings, lists and line breaks', () => {
    const text =
      '# Rules\r\n\r\nGoggles on.\nBags away.\n\n- never taste\n* never run\nThat is all.\n\n\n## End'
    expect(textBlocks(text)).toEqual([
      { kind: 'heading', level: 2, text: 'Rules' },
      { kind: 'paragraph', lines: ['Goggles on.', 'Bags away.'] },
      { kind: 'list', items: ['never taste', 'never run'] },
      { kind: 'paragraph', lines: ['That is all.'] },
      { kind: 'heading', level: 3, text: 'End' },
    ])
    expect(textBlocks('  \n\n \t\n')).toEqual([])
  })

  it('escapes every character the author typed', () => {
    const html = render(
      <PlainText text={'<script>alert(1)</script>\n- <img src=x onerror=alert(1)>\n# <b>&amp;'} />,
    )
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(html).toContain('&amp;amp;')
  })
})
