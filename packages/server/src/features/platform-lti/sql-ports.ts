/** The LMS ports of the school and connections features, as this runtime uses them. */
import { createSqlConnectionStore, listActiveConnectionsForSchools } from '../connections/index.js'
import { createSqlGradeBook, createSqlLmsDirectory } from '../school/index.js'
import type { LmsPorts } from './deps.js'
import { platformIssuer } from './urls.js'

export const sqlLmsPorts: LmsPorts = {
  directory: (db) => createSqlLmsDirectory(db),
  gradeBook: (db, ctx) => createSqlGradeBook(db, ctx.clock),
  connections: (db, ctx) =>
    createSqlConnectionStore(db, ctx.cipher, {
      issuer: platformIssuer(ctx.config.publicUrl),
      clock: ctx.clock,
    }),
  listConnections: (db, ctx, schoolIds) =>
    listActiveConnectionsForSchools(db, ctx.cipher, schoolIds, {
      issuer: platformIssuer(ctx.config.publicUrl),
    }),
}
