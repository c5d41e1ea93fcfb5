/**
 * NRPS resource link membership over real HTTP: with `rlid`, each member carries the `message`
 * of a launch of that link (its custom parameters resolved for them).
 */
import { CLAIM, SCOPE } from '@ltihub/core'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { sqlResourceLinkStore } from './stores/resource-links.js'
import { type RuntimeWorld, startRuntimeWorld } from './testing/harness.js'

const dialects = await testDialects()

const MEMBERSHIPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'

describe.each(dialects)('NRPS link membership on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('gives each member of a link its launch message; the plain roster has none', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server, endpoints, connectionId } = world
    const link = await sqlResourceLinkStore(server.context.db, Date.now).create({
      contextId: fixture.section.id,
      connectionId,
      assignmentId: fixture.pointsAssignment.id,
      title: 'Quiz',
      custom: { who: '$User.id', section: '$Context.id' },
    })
    const { accessToken } = await tool.accessToken([SCOPE.contextMembershipReadOnly])
    const roster = async (search: string) => {
      const response = await fetch(`${endpoints.memberships(fixture.section.id)}${search}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: MEMBERSHIPS },
      })
      expect(response.status).toBe(200)
      return ((await response.json()) as { members: Record<string, unknown>[] }).members
    }
    const members = await roster(`?rlid=${encodeURIComponent(link.id)}`)
    const student = members.find((m) => m['user_id'] === fixture.student.id)
    expect(student?.['message']).toEqual([
      {
        [CLAIM.messageType]: 'LtiResourceLinkRequest',
        [CLAIM.custom]: { who: fixture.student.id, section: fixture.section.id },
      },
    ])
    expect(members.every((m) => Array.isArray(m['message']))).toBe(true)
    expect((await roster('')).some((m) => 'message' in m)).toBe(false)
    const foreign = await fetch(`${endpoints.memberships(fixture.section.id)}?rlid=nope`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: MEMBERSHIPS },
    })
    expect(foreign.status).toBe(404)
  })
})
