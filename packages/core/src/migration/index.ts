export {
  buildLti1p1Claim,
  type BuildLti1p1ClaimOptions,
  type Lti13Identifiers,
  type Lti1p1SignatureInput,
  signLti1p1Claim,
  type VerifiedLti1p1Claim,
  verifyLti1p1Claim,
  type VerifyLti1p1ClaimOptions,
} from './lti1p1.js'
