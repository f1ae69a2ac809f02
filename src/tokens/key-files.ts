// Generating a signing key and the three files it lives in: key.pem for roomkey, public.der for
// janus-plugin-sfu's auth_key (PKCS#1 DER, nothing else), public.pem for everyone else.
import { generateKeyPair as generateKeyPairCallback } from "node:crypto";
import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { KeyError } from "./key-error.js";
import { DEFAULT_MODULUS_BITS, describeRsaPrivateKey, MAX_MODULUS_BITS, MIN_MODULUS_BITS, type SigningKey } from "./rsa-key.js";

export interface KeyFilePaths {
  /** PKCS#8 PEM, mode 0600: AUTH_KEY_PRIVATE. */
  readonly privateKeyPem: string;
  /** SPKI PEM, what `openssl rsa -pubout` prints. */
  readonly publicKeyPem: string;
  /** PKCS#1 RSAPublicKey DER, what `openssl rsa -RSAPublicKey_out -outform DER` prints: janus `auth_key`. */
  readonly publicKeyDer: string;
}

type KeyPair = Pick<SigningKey, "privateKey" | "publicKey">;

const generateRsaKeyPair = promisify(generateKeyPairCallback);

export async function generateKeyPair(bits = DEFAULT_MODULUS_BITS): Promise<SigningKey> {
  if (!Number.isInteger(bits) || bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) {
    throw new KeyError("KEY_SIZE", `cannot generate a ${bits}-bit key; janus-plugin-sfu needs ${MIN_MODULUS_BITS} to ${MAX_MODULUS_BITS} bits`);
  }
  const { privateKey } = await generateRsaKeyPair("rsa", { modulusLength: bits, publicExponent: 0x10001 });
  return describeRsaPrivateKey(privateKey, `generated ${bits}-bit key`);
}

/** Absolute paths of the key files in `dir`. */
export function keyFilePaths(dir: string): KeyFilePaths {
  const abs = path.resolve(dir);
  return {
    privateKeyPem: path.join(abs, "key.pem"),
    publicKeyPem: path.join(abs, "public.pem"),
    publicKeyDer: path.join(abs, "public.der"),
  };
}

/** Which of the key files already exist in `dir`. */
export async function findExistingKeyFiles(dir: string): Promise<string[]> {
  const paths = Object.values(keyFilePaths(dir));
  const present = await Promise.all(paths.map((file) => lstat(file).then(() => true, () => false)));
  return paths.filter((_, index) => present[index]);
}

/** Writes key.pem, public.pem and public.der into `dir` (created if needed); refuses to replace files unless `overwrite`. */
export async function writeKeyFiles(dir: string, pair: KeyPair, options: { overwrite?: boolean } = {}): Promise<KeyFilePaths> {
  const paths = keyFilePaths(dir);
  const encoded = encodePublicKeyFiles(pair);
  const privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" });
  if (options.overwrite) {
    await removeFiles(Object.values(paths));
  } else {
    const existing = await findExistingKeyFiles(dir);
    if (existing.length > 0) throw new KeyError("KEY_FILES_EXIST", `refusing to overwrite existing ${existing.join(", ")}`);
  }
  await mkdir(path.dirname(paths.privateKeyPem), { recursive: true });
  // Created fresh ("wx"): an existing file would keep its old, possibly world-readable, mode.
  await writeFile(paths.privateKeyPem, privateKeyPem, { mode: 0o600, flag: "wx" });
  await writeFile(paths.publicKeyPem, encoded.publicKeyPem, { flag: "wx" });
  await writeFile(paths.publicKeyDer, encoded.publicKeyDer, { flag: "wx" });
  return paths;
}

/** Rewrites public.pem and public.der when missing or not matching `pair`; returns whether it did. */
export async function syncPublicKeyFiles(dir: string, pair: KeyPair): Promise<boolean> {
  const paths = keyFilePaths(dir);
  const encoded = encodePublicKeyFiles(pair);
  const [pem, der] = await Promise.all([readOrNull(paths.publicKeyPem), readOrNull(paths.publicKeyDer)]);
  if (pem?.equals(Buffer.from(encoded.publicKeyPem)) && der?.equals(encoded.publicKeyDer)) return false;
  await removeFiles([paths.publicKeyPem, paths.publicKeyDer]);
  await writeFile(paths.publicKeyPem, encoded.publicKeyPem, { flag: "wx" });
  await writeFile(paths.publicKeyDer, encoded.publicKeyDer, { flag: "wx" });
  return true;
}

function encodePublicKeyFiles({ publicKey }: KeyPair): { publicKeyPem: string; publicKeyDer: Buffer } {
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    publicKeyDer: publicKey.export({ type: "pkcs1", format: "der" }),
  };
}

async function removeFiles(files: string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file, { force: true })));
}

function readOrNull(file: string): Promise<Buffer | null> {
  return readFile(file).catch(() => null);
}
