/**
 * Who may use the content API: tool administrators and authors, by session or API token. Every
 * route declares it with `AUTHORS_ONLY`; the API guard checks it before anything else.
 */
import { allow } from '../../api/guard.js'
import { AUTHOR_ROLES } from './authoring-routes.js'

/** Route options of every content API route. */
export const AUTHORS_ONLY = allow(...AUTHOR_ROLES)
