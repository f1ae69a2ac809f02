// Parses configured keys once, at start. Everything downstream holds KeyObjects, never PEM.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { KeyError } from "./key-error.js";
import { findPemBlocks, looksLikeDer, readKeySource, type PemBlock } from "./key-source.js";
import { describeRsaPrivateKey, describeRsaPublicKey, type SigningKey, type VerificationKey } from "./rsa-key.js";

const PRIVATE_LABELS = ["PRIVATE KEY", "RSA PRIVATE KEY"]; // PKCS#8, PKCS#1
const PUBLIC_LABELS = ["PUBLIC KEY", "RSA PUBLIC KEY"]; // SPKI, PKCS#1

const LABEL_HINTS: Record<string, string> = {
  "ENCRYPTED PRIVATE KEY": "; it is encrypted: decrypt it with `openssl pkey -in FILE -out key.pem`",
  "OPENSSH PRIVATE KEY": "; it is in OpenSSH format: convert it with `ssh-keygen -p -m PKCS8 -f FILE`",
  "EC PRIVATE KEY": "; janus-plugin-sfu only verifies RS512, which needs RSA",
  "DSA PRIVATE KEY": "; janus-plugin-sfu only verifies RS512, which needs RSA",
};

/** Loads the perms-token signing key from a PEM file path or inline PEM (PKCS#8 or PKCS#1). */
export async function loadSigningKey(source: string): Promise<SigningKey> {
  const { origin, bytes } = await readKeySource(source);
  const block = pickPemBlock(origin, bytes, PRIVATE_LABELS, 'an RSA private key ("PRIVATE KEY" or "RSA PRIVATE KEY")');
  if (block.text.includes("Proc-Type: 4,ENCRYPTED")) {
    throw new KeyError("KEY_WRONG_KIND", `${origin} is encrypted; decrypt it with \`openssl pkey -in FILE -out key.pem\``);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: block.text, format: "pem" });
  } catch (error) {
    throw invalid(origin, block, error);
  }
  return describeRsaPrivateKey(privateKey, origin);
}

/** Loads a verification-only key (rotation): PEM path or text (SPKI or PKCS#1), or a DER file (PKCS#1 or SPKI). */
export async function loadPublicKey(source: string): Promise<VerificationKey> {
  const { origin, bytes } = await readKeySource(source);
  const publicKey = looksLikeDer(bytes) ? parsePublicDer(origin, bytes) : parsePublicPem(origin, bytes);
  return describeRsaPublicKey(publicKey, origin);
}

function parsePublicPem(origin: string, bytes: Buffer): KeyObject {
  const block = pickPemBlock(origin, bytes, PUBLIC_LABELS, 'an RSA public key ("PUBLIC KEY" or "RSA PUBLIC KEY")');
  try {
    return createPublicKey({ key: block.text, format: "pem" });
  } catch (error) {
    throw invalid(origin, block, error);
  }
}

function parsePublicDer(origin: string, bytes: Buffer): KeyObject {
  // public.der, janus-plugin-sfu's auth_key, is PKCS#1; SPKI DER is accepted too.
  for (const type of ["pkcs1", "spki"] as const) {
    try {
      return createPublicKey({ key: bytes, format: "der", type });
    } catch {
      // try the next encoding
    }
  }
  throw new KeyError("KEY_INVALID", `${origin} is DER but neither a PKCS#1 RSAPublicKey nor an SPKI public key`);
}

function pickPemBlock(origin: string, bytes: Buffer, accepted: readonly string[], wanted: string): PemBlock {
  const blocks = findPemBlocks(bytes);
  if (blocks.length === 0) {
    const hint = looksLikeDer(bytes) ? " (it looks like binary DER)" : "";
    throw new KeyError("KEY_NOT_PEM", `${origin} is not PEM${hint}; expected ${wanted}`);
  }
  const keys = blocks.filter((block) => accepted.includes(block.label));
  if (keys.length === 1) return keys[0]!;
  if (keys.length > 1) throw new KeyError("KEY_WRONG_KIND", `${origin} holds ${keys.length} keys; expected exactly one`);
  const labels = [...new Set(blocks.map((block) => block.label))];
  const code = labels.some((label) => label === "EC PRIVATE KEY" || label === "DSA PRIVATE KEY") ? "KEY_NOT_RSA" : "KEY_WRONG_KIND";
  const found = labels.map((label) => `"${label}"`).join(", ");
  const hints = labels.map((label) => LABEL_HINTS[label] ?? "").join("");
  throw new KeyError(code, `${origin} holds ${found} PEM, not ${wanted}${hints}`);
}

function invalid(origin: string, block: PemBlock, error: unknown): KeyError {
  return new KeyError("KEY_INVALID", `${origin}: its "${block.label}" block does not parse (${(error as Error).message})`, { cause: error });
}
