// The key-handling API in one import. Each part lives in its own small module.
export { KeyError, type KeyErrorCode } from "./key-error.js";
export { loadPublicKey, loadSigningKey } from "./key-load.js";
export { findExistingKeyFiles, generateKeyPair, keyFilePaths, syncPublicKeyFiles, writeKeyFiles, type KeyFilePaths } from "./key-files.js";
export { resolveSigningKey, type ResolveSigningKeyOptions } from "./resolve-signing-key.js";
export {
  DEFAULT_MODULUS_BITS,
  MAX_MODULUS_BITS,
  MIN_MODULUS_BITS,
  SIGNING_ALG,
  type RsaPublicJwk,
  type SigningKey,
  type VerificationKey,
} from "./rsa-key.js";
