export {
  originsOf,
  platformStorageScript,
  type PlatformStorageScriptOptions,
  STORAGE_TARGET_PARENT,
} from './script.js'
