// The JSON Web Key Set other services use to verify perms tokens. During a rotation it lists the
// retired keys too, so tokens signed just before the switch still verify until they expire.
import { SIGNING_ALG, type VerificationKey } from "./rsa-key.js";

export interface PublishedJwk {
  kty: "RSA";
  n: string;
  e: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: "sig";
}

export interface Jwks {
  keys: PublishedJwk[];
}

/** `keys[0]` is the current signing key; later entries with an already listed kid are dropped. */
export function buildJwks(keys: readonly Pick<VerificationKey, "kid" | "publicJwk">[]): Jwks {
  const seen = new Set<string>();
  const published: PublishedJwk[] = [];
  for (const { kid, publicJwk } of keys) {
    if (seen.has(kid)) continue;
    seen.add(kid);
    published.push({ kty: "RSA", n: publicJwk.n, e: publicJwk.e, kid, alg: SIGNING_ALG, use: "sig" });
  }
  return { keys: published };
}
