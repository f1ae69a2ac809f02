// What a loaded RSA key looks like to the rest of the app, and the checks every key passes.
import { createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { KeyError } from "./key-error.js";

/** The only algorithm janus-plugin-sfu (jsonwebtoken 7.2) accepts. */
export const SIGNING_ALG = "RS512";

/** janus-plugin-sfu refuses `auth_key` files outside this range. */
export const MIN_MODULUS_BITS = 2048;
export const MAX_MODULUS_BITS = 8192;
/** keys:generate's default: janus-plugin-sfu's own instructions use 2048 bits, ample for 5-minute tokens, and a signature costs about a seventh of a 4096-bit one (README). */
export const DEFAULT_MODULUS_BITS = 2048;

/** Exactly the RFC 7638 required members of an RSA public JWK. */
export interface RsaPublicJwk {
  readonly kty: "RSA";
  readonly n: string;
  readonly e: string;
}

/** A public key that may verify perms tokens (the current one or one kept for a rotation). */
export interface VerificationKey {
  readonly publicKey: KeyObject;
  /** RFC 7638 SHA-256 JWK thumbprint; the `kid` header of tokens signed with this key. */
  readonly kid: string;
  readonly publicJwk: RsaPublicJwk;
  readonly modulusBits: number;
}

export interface SigningKey extends VerificationKey {
  readonly privateKey: KeyObject;
}

/** Checks that `publicKey` is RSA of an accepted size and derives its JWK and kid. */
export async function describeRsaPublicKey(publicKey: KeyObject, origin: string): Promise<VerificationKey> {
  const type = publicKey.asymmetricKeyType;
  if (type === "rsa-pss") {
    throw new KeyError("KEY_NOT_RSA", `${origin} is an RSA-PSS key; RS512 needs a plain RSA (rsaEncryption) key`);
  }
  if (type !== "rsa") {
    throw new KeyError("KEY_NOT_RSA", `${origin} is not an RSA key (it is ${type ?? "unknown"}); janus-plugin-sfu only verifies RS512`);
  }
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < MIN_MODULUS_BITS || modulusBits > MAX_MODULUS_BITS) {
    throw new KeyError(
      "KEY_SIZE",
      `${origin} is a ${modulusBits}-bit RSA key; janus-plugin-sfu needs ${MIN_MODULUS_BITS} to ${MAX_MODULUS_BITS} bits`,
    );
  }
  const { n, e } = publicKey.export({ format: "jwk" });
  const publicJwk: RsaPublicJwk = Object.freeze({ kty: "RSA", n: n!, e: e! });
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  return Object.freeze({ publicKey, kid, publicJwk, modulusBits });
}

/** Same checks for a private key; the public half is derived once here and kept alongside. */
export async function describeRsaPrivateKey(privateKey: KeyObject, origin: string): Promise<SigningKey> {
  const verification = await describeRsaPublicKey(createPublicKey(privateKey), origin);
  return Object.freeze({ ...verification, privateKey });
}
