/**
 * An author's plain text as HTML, every character escaped (preact renders text, never markup).
 * A few conventions are honoured so a page reads well: a blank line starts a paragraph, a line
 * starting `# ` or `## ` is a heading, lines starting `- ` or `* ` make a list, and single line
 * breaks are kept.
 */
import { Fragment } from 'preact'

export type TextBlock =
  | { readonly kind: 'heading'; readonly level: 2 | 3; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'paragraph'; readonly lines: readonly string[] }

const BULLET = /^[-*] +/

function blocksOfChunk(lines: readonly string[]): TextBlock[] {
  const blocks: TextBlock[] = []
  let paragraph: string[] = []
  let items: string[] = []
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph })
    if (items.length > 0) blocks.push({ kind: 'list', items })
    paragraph = []
    items = []
  }
  for (const line of lines) {
    const heading = /^(#{1,2}) +(.*)$/.exec(line)
    if (heading !== null) {
      flush()
      blocks.push({ kind: 'heading', level: heading[1] === '#' ? 2 : 3, text: heading[2] ?? '' })
    } else if (BULLET.test(line)) {
      if (paragraph.length > 0) flush()
      items.push(line.replace(BULLET, ''))
    } else {
      if (items.length > 0) flush()
      paragraph.push(line)
    }
  }
  flush()
  return blocks
}

/** The blocks of a text (pure; the renderer below escapes them). */
export function textBlocks(text: string): TextBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== ''),
    )
    .filter((lines) => lines.length > 0)
    .flatMap(blocksOfChunk)
}

function Lines(props: { lines: readonly string[] }) {
  return (
    <>
      {props.lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  )
}

export function PlainText(props: { text: string }) {
  return (
    <>
      {textBlocks(props.text).map((block, index) => {
        if (block.kind === 'heading') {
          return block.level === 2 ? (
            <h2 key={index}>{block.text}</h2>
          ) : (
            <h3 key={index}>{block.text}</h3>
          )
        }
        if (block.kind === 'list') {
          return (
            <ul key={index}>
              {block.items.map((item, itemIndex) => (
                <li key={itemIndex}>{item}</li>
              ))}
            </ul>
          )
        }
        return (
          <p key={index}>
            <Lines lines={block.lines} />
          </p>
        )
      })}
    </>
  )
}
