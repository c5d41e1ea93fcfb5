import type { CliIo, PasswordInput } from '../io.js'
import { UsageError } from '../io.js'

/** All of standard input, without the final line break (`--password-stdin`). */
export async function readAll(stdin: PasswordInput): Promise<string> {
  let text = ''
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
  return text.replace(/\r?\n$/, '')
}

/** Reads one line from a terminal without echoing it. */
function promptHidden(io: CliIo, stdin: PasswordInput, label: string): Promise<string> {
  io.stderr.write(label)
  stdin.setRawMode?.(true)
  stdin.setEncoding?.('utf8')
  stdin.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode?.(false)
      stdin.pause()
      io.stderr.write('\n')
      if (error === undefined) resolve(value)
      else reject(error)
    }
    const onData = (chunk: string | Buffer) => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish()
        if (char === '\u0003' || char === '\u0004') return finish(new Error('cancelled'))
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char
      }
    }
    stdin.on('data', onData)
  })
}

/** The new password: from standard input, or asked twice on a terminal. */
export async function newPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  const stdin = io.stdin
  if (stdin === undefined) throw new UsageError('no standard input to read the password from')
  if (fromStdin) return readAll(stdin)
  if (stdin.isTTY !== true) {
    throw new UsageError('standard input is no terminal: pass the password with --password-stdin')
  }
  const first = await promptHidden(io, stdin, 'Password: ')
  const second = await promptHidden(io, stdin, 'Password again: ')
  if (first !== second) throw new UsageError('the two passwords differ')
  return first
}
