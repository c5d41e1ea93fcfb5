import { z } from 'zod'

/**
 * The Common Cartridge basic LTI link (`cartridge_basiclti_link`, resource type
 * `imsbasiclti_xmlv1p0`), also served alone as a "cartridge URL" for tool configuration.
 * @see https://www.imsglobal.org/specs/ltiv1p0/implementation-guide
 */

/** Namespaces of the descriptor. Elements are matched by local name when reading, as Moodle does. */
export const CARTRIDGE_NAMESPACES = {
  cc: 'http://www.imsglobal.org/xsd/imslticc_v1p0',
  blti: 'http://www.imsglobal.org/xsd/imsbasiclti_v1p0',
  lticm: 'http://www.imsglobal.org/xsd/imslticm_v1p0',
  lticp: 'http://www.imsglobal.org/xsd/imslticp_v1p0',
} as const

/** A group of `lticm:property` values, with nested `lticm:options` groups. */
export interface LticmOptions {
  readonly properties: Readonly<Record<string, string>>
  readonly options?: Readonly<Record<string, LticmOptions>>
}

/** One `blti:extensions platform="..."` block (e.g. `canvas.instructure.com`). */
export interface BasicLtiLinkExtension extends LticmOptions {
  readonly platform: string
}

/** `blti:vendor`: the tool vendor's profile (`lticp:*`). */
export interface BasicLtiLinkVendor {
  readonly code: string
  readonly name: string
  readonly description?: string
  readonly url?: string
  readonly contactEmail?: string
}

/** A basic LTI link descriptor as a typed value. */
export interface BasicLtiLink {
  readonly title: string
  readonly description?: string
  readonly launchUrl: string
  /** "secure_launch_url/secure_icon SHOULD be present for back-compat and must be https". */
  readonly secureLaunchUrl?: string
  readonly icon?: string
  readonly secureIcon?: string
  /** Custom parameters (`blti:custom`), which "should survive import/export". */
  readonly custom?: Readonly<Record<string, string>>
  readonly extensions?: readonly BasicLtiLinkExtension[]
  readonly vendor?: BasicLtiLinkVendor
}

const httpUrl = z.url({ protocol: /^https?$/ })
const httpsUrl = z.url({ protocol: /^https$/ })
const name = z.string().min(1)
const properties = z.record(name, z.string())

const optionsSchema: z.ZodType<unknown> = z.lazy(() =>
  z.strictObject({ properties, options: z.record(name, optionsSchema).optional() }),
)

/** Validates a {@link BasicLtiLink} (builder input and parser output). */
export const basicLtiLinkSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  launchUrl: httpUrl,
  secureLaunchUrl: httpsUrl.optional(),
  icon: httpUrl.optional(),
  secureIcon: httpsUrl.optional(),
  custom: properties.optional(),
  extensions: z
    .array(
      z.strictObject({
        platform: name,
        properties,
        options: z.record(name, optionsSchema).optional(),
      }),
    )
    .optional(),
  vendor: z
    .strictObject({
      code: name,
      name,
      description: z.string().optional(),
      url: httpUrl.optional(),
      contactEmail: z.string().optional(),
    })
    .optional(),
})
