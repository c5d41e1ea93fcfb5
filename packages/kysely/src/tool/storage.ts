import type { ConsumerKey, Course, Publication, ToolKeyProvider, ToolPorts } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { type DatabaseInput, type Dialect, openDatabase } from '../sql/database.js'
import { migrateToLatest } from '../sql/migrate.js'
import { purgeExpiredNonces } from '../sql/nonces.js'
import { plainSecrets, type SecretCipher } from '../sql/secrets.js'
import { saveActivity, saveCourse } from './content.js'
import { sqlToolKeyProvider } from './keys.js'
import { toolStorageMigrations } from './migrations/index.js'
import { kyselyToolPorts } from './ports.js'
import { savePublication } from './publications.js'
import { createConsumerKey } from './registrations.js'
import type { StandaloneToolDatabase } from './schema.js'
import { purgeExpiredSessions } from './sessions.js'

/** The bookkeeping table of a standalone tool storage's migrations. */
export const TOOL_MIGRATION_TABLE = 'ltihub_tool_migrations'

export interface ToolStorageOptions {
  /**
   * `sqlite:./data/tool.db`, `sqlite::memory:`, a `postgres://` URL, or your own Kysely instance
   * (which you then close yourself).
   */
  readonly database: DatabaseInput
  /** Seals LTI 1.1 secrets and the private key at rest. Default: stored as they are. */
  readonly cipher?: SecretCipher
  /** The tool's signing keys. Default: one key generated on first use and kept in the database. */
  readonly keys?: ToolKeyProvider
  /** Epoch ms; default `Date.now`. */
  readonly clock?: () => number
  /** Apply pending migrations before resolving (default true). */
  readonly migrate?: boolean
  /** Largest number of PostgreSQL connections (default 10). */
  readonly poolSize?: number
}

/** What {@link ToolStorage.publish} needs: a course, and the publication's settings if not the defaults. */
export interface PublishInput {
  readonly course: Course
  /** Default: the course id. */
  readonly id?: string
  /** Default: the course title. */
  readonly name?: string
  readonly settings?: Partial<Omit<Publication, 'id' | 'courseId'>>
}

/** Every tool port over SQL, with the writes an application needs to set its tool up. */
export interface ToolStorage extends ToolPorts {
  readonly db: Kysely<StandaloneToolDatabase>
  readonly dialect: Dialect
  /** Creates or replaces a course of the content catalog. */
  saveCourse(course: Course): Promise<void>
  /** Creates or replaces an activity of a course (a deep-linking item, a grade item). */
  saveActivity(activity: { id: string; courseId: string; title: string }): Promise<void>
  /** Creates or replaces a publication (a course offered to platforms). */
  savePublication(publication: Publication): Promise<void>
  /**
   * Saves the course and publishes it with the usual settings (enabled for every platform,
   * grades sent back, no member sync), or with `settings` over them. Resolves the publication.
   */
  publish(input: PublishInput): Promise<Publication>
  /** Adds an LTI 1.1 consumer key; false when the key exists already (it is never overwritten). */
  addConsumerKey(key: ConsumerKey): Promise<boolean>
  /** Deletes expired launch states, sessions and nonces; returns how many rows went. */
  purgeExpired(): Promise<number>
  /** Closes the database when the storage opened it. */
  close(): Promise<void>
}

/** The settings `publish` uses unless told otherwise. */
export const DEFAULT_PUBLICATION_SETTINGS = {
  enabled: true,
  roleMapping: { instructor: 'teacher', learner: 'student' },
  grades: { sendBack: true, onlyOnCompletion: false },
  memberSync: { trigger: 'off', mode: 'enrol-new' },
  userDefaults: {},
} as const satisfies Partial<Publication>

/**
 * Opens (and by default migrates) the tool's storage on SQLite or PostgreSQL: every port
 * `createLtiTool` takes, ready to use.
 *
 * @example
 * const storage = await createToolStorage({ database: 'sqlite:./data/tool.db' })
 * await storage.publish({ course: { id: 'algebra', title: 'Algebra' } })
 * const tool = createLtiTool({ ports: storage, publicUrl, onLaunch })
 */
export async function createToolStorage(options: ToolStorageOptions): Promise<ToolStorage> {
  const opened = await openDatabase<StandaloneToolDatabase>(options.database, {
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  })
  const { db, dialect } = opened
  try {
    if (options.migrate !== false) {
      await migrateToLatest(db, toolStorageMigrations, { table: TOOL_MIGRATION_TABLE })
    }
  } catch (error) {
    if (opened.owned) await db.destroy()
    throw error
  }
  const clock = options.clock ?? Date.now
  const cipher = options.cipher ?? plainSecrets
  const keys = options.keys ?? sqlToolKeyProvider(db, { cipher, clock })
  const ports = kyselyToolPorts(db, { cipher, keys, clock, dialect })
  return {
    ...ports,
    db,
    dialect,
    saveCourse: (course) => saveCourse(db, course, clock()),
    saveActivity: (activity) => saveActivity(db, activity, clock()),
    savePublication: (publication) => savePublication(db, publication, clock()),
    async publish(input) {
      const publication: Publication = {
        ...DEFAULT_PUBLICATION_SETTINGS,
        ...input.settings,
        id: input.id ?? input.course.id,
        name: input.name ?? input.course.title,
        courseId: input.course.id,
      }
      await db.transaction().execute(async (trx: Kysely<StandaloneToolDatabase>) => {
        await saveCourse(trx, input.course, clock())
        await savePublication(trx, publication, clock())
      })
      return publication
    },
    addConsumerKey: (key) => createConsumerKey(db, { cipher, clock }, key),
    async purgeExpired() {
      const now = clock()
      return (await purgeExpiredSessions(db, now)) + (await purgeExpiredNonces(db, now))
    },
    async close() {
      if (opened.owned) await db.destroy()
    },
  }
}
