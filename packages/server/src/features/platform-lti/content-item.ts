/**
 * Content-Item Message 1.0 (Deep Linking 1.0) for LTI 1.1 connections, through the platform
 * layer's `startContentItemSelection` / `receiveContentItemSelection`; this file adds the
 * console's auto-post page with its script nonce and form-action policy.
 */
import {
  lti11LaunchResponse,
  type PlatformDeps,
  startContentItemSelection as startSelection,
  type StartContentItemInput,
} from './layer.js'
import { autoPostCsp, cspNonce } from './pages.js'

/** Starts a Content-Item selection: the signed request, auto-posted to the tool. */
export async function startContentItemSelection(
  deps: PlatformDeps,
  input: StartContentItemInput,
): Promise<Response> {
  const form = await startSelection(deps, input)
  const nonce = cspNonce()
  const response = lti11LaunchResponse(form, { cspNonce: nonce })
  response.headers.set('content-security-policy', autoPostCsp(nonce, form.url))
  return response
}
