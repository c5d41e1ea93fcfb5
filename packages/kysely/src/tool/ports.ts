import type { ToolKeyProvider, ToolPorts } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { dialectOf, type Dialect } from '../sql/database.js'
import { SqlNonceStore } from '../sql/nonces.js'
import type { SecretCipher } from '../sql/secrets.js'
import { sqlContentCatalog } from './content.js'
import { sqlEnrolmentStore } from './enrolments.js'
import { sqlGradeOutbox, sqlRosterSourceStore } from './outbox.js'
import { sqlPublicationStore } from './publications.js'
import { sqlConsumerKeyStore, sqlRegistrationStore } from './registrations.js'
import type { ToolDatabase } from './schema.js'
import { sqlLaunchStateStore, sqlSessionStore } from './sessions.js'
import { narrow } from './rows.js'

export interface KyselyToolPortsOptions {
  /** Seals LTI 1.1 shared secrets at rest. */
  readonly cipher: SecretCipher
  /** The tool's signing keys. */
  readonly keys: ToolKeyProvider
  /** Epoch ms; default `Date.now`. */
  readonly clock?: () => number
  /** Default: read from the database handle. */
  readonly dialect?: Dialect
}

/**
 * Every port of the tool layer over one migrated database (SQLite or PostgreSQL). The methods
 * the ports declare atomic are single statements or one transaction each.
 *
 * @example
 * const ports = kyselyToolPorts(db, { cipher, keys })
 * const tool = createLtiTool({ ports, publicUrl, onLaunch })
 */
export function kyselyToolPorts<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  options: KyselyToolPortsOptions,
): ToolPorts {
  const db = narrow(handle)
  const clock = options.clock ?? Date.now
  const enrolments = sqlEnrolmentStore(db, options.dialect ?? dialectOf(db))
  return {
    registrations: sqlRegistrationStore(db, clock),
    consumerKeys: sqlConsumerKeyStore(db, { cipher: options.cipher }),
    launchStates: sqlLaunchStateStore(db),
    sessions: sqlSessionStore(db),
    nonces: new SqlNonceStore(db, clock),
    content: sqlContentCatalog(db),
    publications: sqlPublicationStore(db),
    learners: enrolments,
    enrolments,
    gradeOutbox: sqlGradeOutbox(db),
    rosterSources: sqlRosterSourceStore(db),
    keys: options.keys,
  }
}
