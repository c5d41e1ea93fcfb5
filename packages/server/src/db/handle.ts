import type { Kysely, Transaction } from 'kysely'
import type { Database } from './schema.js'

/** The server's database or a transaction: repositories take either. */
export type Db = Kysely<Database> | Transaction<Database>
