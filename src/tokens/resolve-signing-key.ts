// Which key signs perms tokens: the configured one, or (outside production) a generated one kept
// under the data directory so janus-plugin-sfu's auth_key stays valid across restarts.
import path from "node:path";
import type { Config, NodeEnv } from "../config.js";
import { KeyError } from "./key-error.js";
import { generateKeyPair, keyFilePaths, syncPublicKeyFiles, writeKeyFiles } from "./key-files.js";
import { loadSigningKey } from "./key-load.js";
import type { SigningKey } from "./rsa-key.js";

export interface ResolveSigningKeyOptions {
  nodeEnv: NodeEnv;
  dataDir: string;
  log?: (message: string) => void;
}

/** janus-plugin-sfu's minimum; enough for a development key and quick to generate. */
const DEV_KEY_BITS = 2048;

export async function resolveSigningKey(
  config: Pick<Config["permsToken"], "privateKey">,
  options: ResolveSigningKeyOptions,
): Promise<SigningKey> {
  if (config.privateKey) return loadConfiguredKey(config.privateKey);
  if (options.nodeEnv === "production") {
    throw new KeyError(
      "KEY_MISSING",
      "AUTH_KEY_PRIVATE is not set; production needs a persistent RSA signing key. " +
        "Create one with `npm run keys:generate -- --out DIR`, set AUTH_KEY_PRIVATE=DIR/key.pem " +
        "and point janus-plugin-sfu's auth_key at DIR/public.der",
    );
  }
  return loadOrCreateDevKey(path.join(options.dataDir, "keys"), options.log ?? (() => {}));
}

async function loadConfiguredKey(source: string): Promise<SigningKey> {
  try {
    return await loadSigningKey(source);
  } catch (error) {
    if (error instanceof KeyError) throw new KeyError(error.code, `AUTH_KEY_PRIVATE: ${error.message}`, { cause: error });
    throw error;
  }
}

async function loadOrCreateDevKey(dir: string, log: (message: string) => void): Promise<SigningKey> {
  const paths = keyFilePaths(dir);
  let key: SigningKey;
  try {
    key = await loadSigningKey(paths.privateKeyPem);
  } catch (error) {
    if (!(error instanceof KeyError && error.code === "KEY_FILE_NOT_FOUND")) throw error;
    key = await generateKeyPair(DEV_KEY_BITS);
    // Overwrite: public files left without their key.pem belong to a key that no longer exists.
    await writeKeyFiles(dir, key, { overwrite: true });
    log(`Generated a development perms-token signing key (kid ${key.kid}) in ${dir}; janus-plugin-sfu auth_key = ${paths.publicKeyDer}`);
    return key;
  }
  if (await syncPublicKeyFiles(dir, key)) log(`Rewrote ${paths.publicKeyPem} and ${paths.publicKeyDer} to match ${paths.privateKeyPem}`);
  log(`Using the development perms-token signing key ${paths.privateKeyPem} (kid ${key.kid}); janus-plugin-sfu auth_key = ${paths.publicKeyDer}`);
  return key;
}
