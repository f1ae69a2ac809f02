// The JWKS must let a standard verifier pick the right key by kid, current key first, no repeats.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { createLocalJWKSet, jwtVerify } from "jose";
import { buildJwks } from "../../src/tokens/jwks.js";
import { generateKeyPair, loadPublicKey, type SigningKey } from "../../src/tokens/keys.js";
import { PermsTokenSigner } from "../../src/tokens/perms-token.js";

const OPTIONS = { audience: "webrtc_auth", issuer: "roomkey", ttlSeconds: 300 };
const GRANT = { subject: "anon", roomSlug: "lobby", canModerate: false };

let current: SigningKey;
let retired: SigningKey;

beforeAll(async () => {
  [current, retired] = await Promise.all([generateKeyPair(2048), generateKeyPair(2048)]);
});

describe("buildJwks", () => {
  it("publishes each key as { kty, n, e, kid, alg: RS512, use: sig } and nothing else", () => {
    const jwks = buildJwks([current]);
    const { n, e } = current.publicKey.export({ format: "jwk" });
    expect(jwks).toStrictEqual({ keys: [{ kty: "RSA", n, e, kid: current.kid, alg: "RS512", use: "sig" }] });
    expect(Object.keys(jwks.keys[0]!)).toEqual(["kty", "n", "e", "kid", "alg", "use"]);
  });

  it("lists the current key first and drops repeats of a kid, wherever they come from", async () => {
    // The retired key loaded from its public PEM has the same kid as the in-memory one.
    const retiredFromPem = await loadPublicKey(retired.publicKey.export({ type: "spki", format: "pem" }) as string);
    const jwks = buildJwks([current, retired, current, retiredFromPem]);
    expect(jwks.keys.map((jwk) => jwk.kid)).toEqual([current.kid, retired.kid]);
    expect(current.kid).not.toBe(retired.kid);
  });

  it("returns an empty set for no keys", () => {
    expect(buildJwks([])).toStrictEqual({ keys: [] });
  });

  it("lets a JWKS verifier check tokens from the current and the retired key, selected by kid", async () => {
    const jwks = createLocalJWKSet(buildJwks([current, retired]));
    for (const key of [current, retired]) {
      const { token } = await new PermsTokenSigner(key, OPTIONS).sign(GRANT);
      const { protectedHeader, payload } = await jwtVerify(token, jwks, { algorithms: ["RS512"], audience: "webrtc_auth" });
      expect(protectedHeader.kid).toBe(key.kid);
      expect(payload.room_ids).toEqual(["lobby"]);
    }
  });

  it("does not verify tokens from a key it does not list", async () => {
    const { token } = await new PermsTokenSigner(retired, OPTIONS).sign(GRANT);
    await expect(jwtVerify(token, createLocalJWKSet(buildJwks([current])), { algorithms: ["RS512"] })).rejects.toMatchObject({
      code: "ERR_JWKS_NO_MATCHING_KEY",
    });
  });
});
