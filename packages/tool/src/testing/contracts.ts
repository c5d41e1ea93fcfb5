/**
 * Behaviour every implementation of the tool's ports must show, as plain async checks that throw
 * on a violation, for any test runner. The atomic methods are raced against themselves: a launch
 * state, a nonce or an outbox item handed out twice, or a seat given beyond the limit, fails.
 *
 * @example
 * for (const check of toolPortContracts(async () => {
 *   const storage = await createToolStorage({ database: 'sqlite::memory:' })
 *   return { ports: storage, publish: (c, p) => …, addConsumerKey: (k) => … }
 * })) it(check.name, check.run)
 */
import type { DeepLinkingSession, ToolSession } from '../sessions.js'
import { learningChecks } from './contracts-learning.js'
import {
  assert,
  course,
  NOW,
  publicationOf,
  RACERS,
  registration,
  type ToolContractCheck,
  type ToolPortsUnderTest,
} from './contracts-support.js'

export type { ToolContractCheck, ToolPortsUnderTest } from './contracts-support.js'

/** A check bound to fresh ports, ready for `it(check.name, check.run)`. */
export interface BoundCheck {
  readonly name: string
  run(): Promise<void>
}

const configurationChecks: readonly ToolContractCheck[] = [
  {
    name: 'registrations: upsert keeps the id of the same (issuer, client_id) and updates it',
    async run({ ports }) {
      const first = await ports.registrations.upsert(registration)
      const again = await ports.registrations.upsert({ ...registration, name: 'Renamed' })
      assert(again.id === first.id, 'same (issuer, clientId) keeps its id')
      assert((await ports.registrations.get(first.id))?.name === 'Renamed', 'upsert updates')
      const other = await ports.registrations.upsert({ ...registration, clientId: 'client-2' })
      assert(other.id !== first.id, 'another client_id is another registration')
      const found = await ports.registrations.find(registration.issuer, 'client-2')
      assert(found?.id === other.id, 'find by (issuer, clientId)')
      assert(
        (await ports.registrations.findByIssuer(registration.issuer)).length === 2,
        'findByIssuer lists both',
      )
      assert(
        (await ports.registrations.find(registration.issuer, 'nope')) === undefined &&
          (await ports.registrations.find('https://other.example', 'client-1')) === undefined,
        'an unknown pair is not found',
      )
    },
  },
  {
    name: 'registrations: recordDeployment never overwrites a stored decision, even when raced',
    async run({ ports }) {
      const { id } = await ports.registrations.upsert(registration)
      const seen = { registrationId: id, deploymentId: 'd1', firstSeenAt: NOW }
      const raced = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          ports.registrations.recordDeployment({
            ...seen,
            status: i === 0 ? 'pending' : 'active',
            firstSeenAt: NOW + i,
          }),
        ),
      )
      const stored = await ports.registrations.findDeployment(id, 'd1')
      assert(stored !== undefined, 'the deployment is stored')
      assert(
        raced.every((d) => d.status === stored?.status && d.firstSeenAt === stored.firstSeenAt),
        'every racer gets the one stored record',
      )
      const later = await ports.registrations.recordDeployment({ ...seen, status: 'disabled' })
      assert(later.status === stored?.status, 'an existing record wins over a later launch')
      assert(
        (await ports.registrations.findDeployment(id, 'd2')) === undefined,
        'an unknown deployment is not found',
      )
    },
  },
  {
    name: 'consumer keys: stored keys are found with their secret, unknown ones are not',
    async run({ ports, addConsumerKey }) {
      const key = { key: 'k1', secret: 's3cret', name: 'LMS', lmsIdPrefix: 'lms', enabled: true }
      await addConsumerKey(key)
      const found = await ports.consumerKeys.find('k1')
      assert(found?.secret === 's3cret' && found.lmsIdPrefix === 'lms', 'find returns the key')
      assert((await ports.consumerKeys.find('k2')) === undefined, 'an unknown key is not found')
      assert((await ports.consumerKeys.list()).length === 1, 'list has the key')
    },
  },
  {
    name: 'launch states: take hands a state to exactly one of many racers, once',
    async run({ ports }) {
      const state = {
        state: 'st-1',
        nonce: 'n-1',
        registrationId: 'r1',
        targetLinkUri: 'https://tool.example/launch',
        bindingHash: 'hash',
        expiresAt: NOW + 60_000,
      }
      await ports.launchStates.save(state)
      assert((await ports.launchStates.find('st-1', NOW))?.nonce === 'n-1', 'find reads it')
      assert((await ports.launchStates.find('st-1', NOW)) !== undefined, 'find does not consume')
      const taken = await Promise.all(
        Array.from({ length: RACERS }, () => ports.launchStates.take('st-1', NOW)),
      )
      assert(taken.filter((t) => t !== undefined).length === 1, 'exactly one racer takes it')
      assert((await ports.launchStates.take('st-1', NOW)) === undefined, 'taken means gone')
      assert((await ports.launchStates.find('st-1', NOW)) === undefined, 'and not found')
    },
  },
  {
    name: 'launch states: an expired state is neither found nor taken',
    async run({ ports }) {
      const expiresAt = NOW + 1000
      const state = { state: 'old', nonce: 'n', registrationId: 'r1', targetLinkUri: 'x' }
      await ports.launchStates.save({ ...state, bindingHash: 'h', expiresAt })
      assert((await ports.launchStates.find('old', expiresAt)) === undefined, 'expired: no find')
      assert((await ports.launchStates.take('old', expiresAt)) === undefined, 'expired: no take')
      assert((await ports.launchStates.take('never', NOW)) === undefined, 'unknown: no take')
    },
  },
  {
    name: 'sessions: saved sessions are read back until they expire; save replaces',
    async run({ ports }) {
      const deepLinking: DeepLinkingSession = {
        sessionId: 's1',
        registrationId: 'r1',
        issuer: registration.issuer,
        clientId: registration.clientId,
        deploymentId: 'd1',
        returnUrl: 'https://platform.example/return',
        acceptMultiple: true,
        createdAt: NOW,
        expiresAt: NOW + 1000,
      }
      const session: ToolSession = {
        kind: 'deep-linking',
        id: 's1',
        expiresAt: NOW + 1000,
        deepLinking,
      }
      await ports.sessions.save(session)
      assert((await ports.sessions.get('s1', NOW))?.id === 's1', 'get reads it')
      assert((await ports.sessions.get('s1', NOW + 1000)) === undefined, 'expired: not read')
      await ports.sessions.save({ ...session, expiresAt: NOW + 5000 })
      assert((await ports.sessions.get('s1', NOW + 1000)) !== undefined, 'save replaced it')
      assert((await ports.sessions.get('s2', NOW)) === undefined, 'unknown: not read')
    },
  },
  {
    name: 'nonces: a value is accepted once per scope, by exactly one of many racers',
    async run({ ports }) {
      const expiresAt = Date.now() + 60_000
      const raced = await Promise.all(
        Array.from({ length: RACERS }, () => ports.nonces.consume('oidc', 'n-1', expiresAt)),
      )
      assert(raced.filter(Boolean).length === 1, 'exactly one racer wins')
      assert(!(await ports.nonces.consume('oidc', 'n-1', expiresAt)), 'a replay is refused')
      assert(await ports.nonces.consume('oauth1:k', 'n-1', expiresAt), 'scopes are apart')
    },
  },
  {
    name: 'nonces: a value whose use has expired is accepted again',
    async run({ ports }) {
      const past = Date.now() - 1000
      assert(await ports.nonces.consume('oidc', 'old', past), 'first use')
      assert(await ports.nonces.consume('oidc', 'old', Date.now() + 60_000), 'expired: again')
    },
  },
  {
    name: 'publications: stored publications are read by id, by course and in the list',
    async run({ ports, publish }) {
      await publish(course, publicationOf('p1', { maxEnrolledUsers: 3 }))
      await publish(course, publicationOf('p2', { activityId: 'a1' }))
      const p1 = await ports.publications.get('p1')
      assert(p1?.maxEnrolledUsers === 3 && p1.courseId === course.id, 'get reads every field')
      assert((await ports.publications.listForCourse(course.id)).length === 2, 'by course')
      assert((await ports.publications.listForCourse('other')).length === 0, 'other course')
      assert((await ports.publications.list()).length === 2, 'list')
      assert((await ports.publications.get('p3')) === undefined, 'unknown: not found')
    },
  },
  {
    name: 'keys: the key ring has a current signing key',
    async run({ ports }) {
      const ring = await ports.keys.keyRing()
      assert(ring.current.kid.length > 0, 'a current key with a kid')
    },
  },
]

/** Every check of the tool's ports, unbound. */
export const toolPortContract: readonly ToolContractCheck[] = [
  ...configurationChecks,
  ...learningChecks,
]

/**
 * The checks, each run on ports that `make` creates fresh (an empty store every time).
 *
 * @example
 * for (const check of toolPortContracts(makePorts)) it(check.name, check.run)
 */
export function toolPortContracts(
  make: () => ToolPortsUnderTest | Promise<ToolPortsUnderTest>,
): readonly BoundCheck[] {
  return toolPortContract.map((check) => ({
    name: check.name,
    run: async () => check.run(await make()),
  }))
}
