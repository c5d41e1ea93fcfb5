import { z } from 'zod'
import { webUrlSchema } from './primitives.js'

/**
 * `https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings`: what the platform accepts
 * back. `deep_link_return_url`, `accept_types` and `accept_presentation_document_targets` are
 * REQUIRED; `accept_media_types` is a comma-separated string; `data` MUST be echoed unchanged in
 * the response. Unknown members are kept but not validated.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
export const deepLinkingSettingsClaimSchema = z
  .object({
    deep_link_return_url: webUrlSchema,
    accept_types: z.array(z.string()),
    accept_presentation_document_targets: z.array(z.string()),
    accept_media_types: z.string().optional(),
    accept_multiple: z.boolean().optional(),
    accept_lineitem: z.boolean().optional(),
    auto_create: z.boolean().optional(),
    title: z.string().optional(),
    text: z.string().optional(),
    data: z.string().optional(),
  })
  .loose()
export type DeepLinkingSettingsClaim = z.infer<typeof deepLinkingSettingsClaimSchema>
