import { ToolError } from '../errors/tool-error.js'
import type { ToolPorts } from '../ports.js'
import type { Activity, Course, Publication } from '../records.js'
import { type ConsumerRef, isOfferedTo } from './provision.js'

/** Where a launch says it wants to go: custom parameters and the external ID in the URL path. */
export interface LaunchTarget {
  /** Custom parameters (LTI 1.3 `custom` claim, or LTI 1.1 `custom_*` without the prefix). */
  readonly custom: Readonly<Record<string, string>>
  /** The course external ID appended to the launch URL, when the consumer has no custom fields. */
  readonly pathExternalId?: string
}

/** What a launch opens. */
export interface ResolvedTarget {
  readonly publication: Publication
  readonly course: Course
  readonly activity?: Activity
}

/** The custom parameter names the tool reads (seed 001: `course` = the course's external ID). */
export const CUSTOM = {
  course: 'course',
  publication: 'publication',
  activity: 'activity',
} as const

/**
 * Finds the publication a launch opens: by the custom parameter `publication` (deep-linked items),
 * else by the course external ID in the custom parameter `course` or in the URL path, else the
 * one publication offered to this consumer when there is exactly one. Among several publications
 * of a course, one offered explicitly to this consumer wins over one offered to all. Throws `ERR_LTI_PUBLICATION_NOT_FOUND` or `ERR_LTI_PUBLICATION_UNAVAILABLE`.
 */
export async function resolveTarget(
  ports: Pick<ToolPorts, 'content' | 'publications'>,
  target: LaunchTarget,
  consumer: ConsumerRef,
): Promise<ResolvedTarget> {
  const found = await findPublication(ports, target, consumer)
  const { publication } = found
  // Found by its course's external ID, the course is loaded already; by id, it is read now.
  const course =
    found.course?.id === publication.courseId
      ? found.course
      : await ports.content.getCourse(publication.courseId)
  if (course === undefined) {
    throw new ToolError('ERR_LTI_PUBLICATION_NOT_FOUND', {
      detail: `course ${publication.courseId}`,
    })
  }
  const activityId = publication.activityId ?? target.custom[CUSTOM.activity]
  if (activityId === undefined) return { publication, course }
  const activity = await ports.content.getActivity(activityId)
  if (activity?.courseId !== course.id) {
    throw new ToolError('ERR_LTI_PUBLICATION_NOT_FOUND', { detail: `activity ${activityId}` })
  }
  return { publication, course, activity }
}

async function findPublication(
  ports: Pick<ToolPorts, 'content' | 'publications'>,
  target: LaunchTarget,
  consumer: ConsumerRef,
): Promise<{ readonly publication: Publication; readonly course?: Course }> {
  const publicationId = target.custom[CUSTOM.publication]
  if (publicationId !== undefined) {
    const publication = await ports.publications.get(publicationId)
    if (publication === undefined) {
      throw new ToolError('ERR_LTI_PUBLICATION_NOT_FOUND', {
        detail: `publication ${publicationId}`,
      })
    }
    return { publication }
  }
  const externalId = target.custom[CUSTOM.course] ?? target.pathExternalId
  if (externalId === undefined) return { publication: await onlyOffered(ports, consumer) }
  const course = await ports.content.findCourseByExternalId(externalId)
  const candidates = course === undefined ? [] : await ports.publications.listForCourse(course.id)
  if (course === undefined || candidates.length === 0) {
    throw new ToolError('ERR_LTI_PUBLICATION_NOT_FOUND', { detail: `course ${externalId}` })
  }
  const offered = candidates.filter((p) => p.enabled && isOfferedTo(p, consumer))
  const chosen = offered.find((p) => (p.consumers?.length ?? 0) > 0) ?? offered[0]
  if (chosen === undefined) {
    throw new ToolError('ERR_LTI_PUBLICATION_UNAVAILABLE', { detail: `course ${externalId}` })
  }
  return { publication: chosen, course }
}

/**
 * A launch that names no course opens the publication offered to its consumer when there is only
 * one, so an application with a single publication needs no custom parameter; with several, the
 * launch must say which.
 */
async function onlyOffered(
  ports: Pick<ToolPorts, 'publications'>,
  consumer: ConsumerRef,
): Promise<Publication> {
  const offered = (await ports.publications.list()).filter(
    (p) => p.enabled && isOfferedTo(p, consumer),
  )
  const [only] = offered
  if (only === undefined || offered.length > 1) {
    throw new ToolError('ERR_LTI_PUBLICATION_NOT_FOUND', {
      detail: `no course named, ${offered.length} publications offered`,
    })
  }
  return only
}
