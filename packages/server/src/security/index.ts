export {
  type DerivedKeys,
  deriveBytes,
  deriveKeys,
  KEY_PURPOSES,
  type KeyPurpose,
} from './derive.js'
export { createDataCipher, type DataCipher, DecryptionError } from './encryption.js'
export { DEV_SECRET_FILE, resolveRootSecret } from './root-secret.js'
