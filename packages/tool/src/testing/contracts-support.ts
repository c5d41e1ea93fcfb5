/** What the tool's port contract checks share: the subject, the assertion and fixtures. */
import type { ToolPorts } from '../ports.js'
import type { ConsumerKey, Course, PlatformRegistration, Publication } from '../records.js'

/** The ports under test, with the writes the ports themselves do not offer. */
export interface ToolPortsUnderTest {
  readonly ports: ToolPorts
  /** Stores a course and a publication of it (the ports only read them). */
  publish(course: Course, publication: Publication): Promise<void>
  /** Stores an LTI 1.1 consumer key. */
  addConsumerKey(key: ConsumerKey): Promise<void>
}

/** One named check; `run` throws when the implementation breaks the contract. */
export interface ToolContractCheck {
  readonly name: string
  run(subject: ToolPortsUnderTest): Promise<void>
}

export function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(`port contract violated: ${message}`)
}

/** Ten racers: enough for two interleavings on every store, few enough for a small pool. */
export const RACERS = 10

export const NOW = Date.UTC(2025, 0, 15)

export const registration: Omit<PlatformRegistration, 'id'> = {
  name: 'Platform',
  issuer: 'https://platform.example',
  clientId: 'client-1',
  authLoginUrl: 'https://platform.example/auth',
  authTokenUrl: 'https://platform.example/token',
  jwksUrl: 'https://platform.example/jwks',
  deploymentPolicy: 'accept',
  lmsIdPrefix: 'plat',
  enabled: true,
}

export const course: Course = { id: 'c1', title: 'Course one', externalId: 'course-one' }

export function publicationOf(id: string, overrides: Partial<Publication> = {}): Publication {
  return {
    id,
    name: `Publication ${id}`,
    courseId: course.id,
    enabled: true,
    roleMapping: { instructor: 'teacher', learner: 'student' },
    grades: { sendBack: true, onlyOnCompletion: false },
    memberSync: { trigger: 'off', mode: 'enrol-new' },
    userDefaults: { country: 'NL' },
    ...overrides,
  }
}
