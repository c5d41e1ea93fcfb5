import { buildBasicLtiLink } from '../internal/core.js'
import type { ToolPorts } from '../ports.js'
import type { Course, Publication } from '../records.js'
import { CUSTOM } from '../launch/resolve.js'
import type { ToolUrls } from '../urls.js'

/** Everything a consumer needs to connect a publication ("Published as LTI tools" details). */
export interface LaunchInformation {
  readonly publication: { readonly id: string; readonly name: string }
  readonly course: { readonly id: string; readonly title: string; readonly externalId?: string }
  readonly lti11: {
    /** The launch URL to use together with {@link customParameters}. */
    readonly launchUrl: string
    /** `course=<external ID>` (or `publication=<id>` when the course has no external ID). */
    readonly customParameters: string
    /** For consumers without custom fields: the external ID appended to the launch URL. */
    readonly launchUrlWithExternalId?: string
    /** Configuration by URL (Basic LTI XML); key and secret are never in it. */
    readonly cartridgeUrl: string
    readonly consumerKey?: string
    readonly secret?: string
  }
  readonly lti13: {
    /** Dynamic Registration initiation URL. */
    readonly registrationUrl: string
    readonly loginUrl: string
    readonly redirectUrl: string
    readonly targetLinkUri: string
    readonly jwksUrl: string
    /** Custom parameter selecting this publication when the target link URI is shared. */
    readonly customParameters: string
  }
}

function customFor(publication: Publication, course: Course): Record<string, string> {
  return course.externalId === undefined
    ? { [CUSTOM.publication]: publication.id }
    : { [CUSTOM.course]: course.externalId }
}

function asLines(custom: Readonly<Record<string, string>>): string {
  return Object.entries(custom)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')
}

async function publicationAndCourse(
  ports: Pick<ToolPorts, 'publications' | 'content'>,
  publicationId: string,
): Promise<{ publication: Publication; course: Course } | undefined> {
  const publication = await ports.publications.get(publicationId)
  if (publication === undefined) return undefined
  const course = await ports.content.getCourse(publication.courseId)
  return course === undefined ? undefined : { publication, course }
}

/**
 * The launch information of a publication (seed 001 "Export", seed 002 "Published as LTI
 * tools"): LTI 1.1 launch URL with the custom parameter `course`, or with the external ID
 * appended; the cartridge URL; the chosen consumer key and its secret; and the LTI 1.3
 * registration, login, redirect and JWKS URLs. Undefined for an unknown publication.
 */
export async function launchInformation(
  ports: Pick<ToolPorts, 'publications' | 'content' | 'consumerKeys'>,
  urls: ToolUrls,
  publicationId: string,
  consumerKey?: string,
): Promise<LaunchInformation | undefined> {
  const found = await publicationAndCourse(ports, publicationId)
  if (found === undefined) return undefined
  const { publication, course } = found
  const key = consumerKey === undefined ? undefined : await ports.consumerKeys.find(consumerKey)
  if (consumerKey !== undefined && key === undefined) throw new TypeError(`unknown consumer key`)
  const custom = asLines(customFor(publication, course))
  return {
    publication: { id: publication.id, name: publication.name },
    course: {
      id: course.id,
      title: course.title,
      ...(course.externalId === undefined ? {} : { externalId: course.externalId }),
    },
    lti11: {
      launchUrl: urls.launch,
      customParameters: custom,
      ...(course.externalId === undefined
        ? {}
        : { launchUrlWithExternalId: urls.launchFor(course.externalId) }),
      cartridgeUrl: urls.cartridge(publication.id),
      ...(key === undefined ? {} : { consumerKey: key.key, secret: key.secret }),
    },
    lti13: {
      registrationUrl: urls.register,
      loginUrl: urls.login,
      redirectUrl: urls.launch,
      targetLinkUri: urls.launch,
      jwksUrl: urls.jwks,
      customParameters: custom,
    },
  }
}

/**
 * The Basic LTI configuration XML (`cartridge_basiclti_link`, lti-notes §20) of a publication, for
 * consumers configured by XML or by cartridge URL: title, description, launch URLs and the custom
 * parameter. Undefined for an unknown publication.
 */
export async function basicLtiXml(
  ports: Pick<ToolPorts, 'publications' | 'content'>,
  urls: ToolUrls,
  toolName: string,
  publicationId: string,
): Promise<string | undefined> {
  const found = await publicationAndCourse(ports, publicationId)
  if (found === undefined) return undefined
  const { publication, course } = found
  const secure = urls.launch.startsWith('https:')
  return buildBasicLtiLink({
    title: publication.name,
    ...(course.description === undefined ? {} : { description: course.description }),
    launchUrl: urls.launch,
    ...(secure ? { secureLaunchUrl: urls.launch } : {}),
    custom: customFor(publication, course),
    vendor: { code: new URL(urls.base).hostname, name: toolName },
  })
}
