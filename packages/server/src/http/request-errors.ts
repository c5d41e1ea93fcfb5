import { defineErrors } from '@ltihub/core'

/** Refusals of the server's HTTP door itself, whatever route a request was meant for. */
export const httpErrors = defineErrors({
  ERR_LTIHUB_DATABASE_UNAVAILABLE: {
    status: 503,
    spec: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4',
    description: 'The database does not answer; nothing was read or written. Try again shortly.',
    cause:
      'The database server is down, restarting, refusing connections or unreachable, or the SQLite file is locked or cannot be opened.',
    fix: 'Retry after the `Retry-After` seconds. Operators: check `/health`, the database server and the log (`request failed` with the driver error).',
  },
  ERR_LTIHUB_MISDIRECTED_REQUEST: {
    status: 421,
    spec: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.20',
    description:
      'The request names another host in its request line; this server answers only for its own.',
    cause:
      'The request line carries an absolute URL (`POST http://other.example/path HTTP/1.1`), as sent to a proxy, whose host is not this server’s public host.',
    fix: 'Send the request to the host it names, or use the path alone (`POST /path HTTP/1.1`) with this server’s `Host`.',
  },
  ERR_LTIHUB_BAD_REQUEST_TARGET: {
    status: 400,
    spec: 'https://www.rfc-editor.org/rfc/rfc9112#section-3.2',
    description: 'The request line’s target is not a path this server can read.',
    cause: 'The request target is neither a path (`/…`) nor an absolute http(s) URL.',
    fix: 'Send an origin-form target such as `/api/tool/courses`.',
  },
})
