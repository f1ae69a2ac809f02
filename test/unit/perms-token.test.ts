// Perms tokens must be exactly what janus-plugin-sfu (Rust jsonwebtoken 7.2) accepts, and the keys
// that sign them must load from every form operators hand us. Verification here never goes through
// our own code: jose and node:crypto check the token against public.der, the file janus reads.
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { jwtVerify } from "jose";
import {
  generateKeyPair,
  KeyError,
  loadPublicKey,
  loadSigningKey,
  resolveSigningKey,
  writeKeyFiles,
  type KeyFilePaths,
  type SigningKey,
} from "../../src/tokens/keys.js";
import { buildPermsClaims, PermsTokenSigner, type PermsGrant } from "../../src/tokens/perms-token.js";

const OPTIONS = { audience: "webrtc_auth", issuer: "roomkey", ttlSeconds: 300 };
const MEMBER: PermsGrant = { subject: "5b0c7c1e-8d7e-4c59-9d2e-3f1f0a4b6c11", roomSlug: "quiet-lagoon", canModerate: false };
const NOW = new Date("2025-03-04T05:06:07.890Z");
const NOW_SECONDS = 1741064767; // floor(NOW / 1000)

let tmp: string;
let key: SigningKey;
let files: KeyFilePaths;
let janusPublicKey: KeyObject; // parsed from public.der exactly as janus-plugin-sfu reads it

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "roomkey-perms-token-"));
  key = await generateKeyPair(2048);
  files = await writeKeyFiles(path.join(tmp, "keys"), key);
  janusPublicKey = createPublicKey({ key: await readFile(files.publicKeyDer), format: "der", type: "pkcs1" });
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function segments(token: string): { header: string; payload: string; signature: string } {
  const [header, payload, signature, ...rest] = token.split(".");
  expect(rest).toEqual([]);
  return { header: header!, payload: payload!, signature: signature! };
}

const decodeJson = (segment: string): unknown => JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));

/** RFC 7638 by hand: SHA-256 over the required members in lexicographic order, no whitespace. */
function rfc7638Thumbprint(publicKey: KeyObject): string {
  const { e, n } = publicKey.export({ format: "jwk" });
  return createHash("sha256").update(`{"e":"${e}","kty":"RSA","n":"${n}"}`).digest("base64url");
}

async function expectKeyError(promise: Promise<unknown>, code: string, ...fragments: string[]): Promise<KeyError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a KeyError ${code}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeyError);
  expect((error as KeyError).code).toBe(code);
  for (const fragment of fragments) expect((error as KeyError).message).toContain(fragment);
  return error as KeyError;
}

describe("buildPermsClaims", () => {
  it("pins every claim janus-plugin-sfu and the Phoenix original use", () => {
    const claims = buildPermsClaims(MEMBER, OPTIONS, NOW, "jti-1");
    expect(claims).toStrictEqual({
      sub: MEMBER.subject,
      aud: "webrtc_auth",
      iss: "roomkey",
      iat: NOW_SECONDS,
      nbf: NOW_SECONDS,
      exp: NOW_SECONDS + 300,
      jti: "jti-1",
      join_hub: true,
      kick_users: false,
      room_ids: ["quiet-lagoon"],
    });
  });

  it("keeps iat, nbf and exp whole seconds even when now has milliseconds", () => {
    const claims = buildPermsClaims(MEMBER, OPTIONS, new Date(1_700_000_000_999), "j");
    expect(claims.iat).toBe(1_700_000_000);
    expect(Number.isInteger(claims.exp)).toBe(true);
    expect(claims.exp - claims.iat).toBe(300);
  });

  it("grants kick_users only to moderators", () => {
    expect(buildPermsClaims({ ...MEMBER, canModerate: true }, OPTIONS, NOW).kick_users).toBe(true);
    expect(buildPermsClaims({ ...MEMBER, canModerate: false }, OPTIONS, NOW).kick_users).toBe(false);
  });

  it("issues anonymous tokens with sub \"anon\" that are still limited to the one room", () => {
    const claims = buildPermsClaims({ subject: "anon", roomSlug: "open-house", canModerate: false }, OPTIONS, NOW);
    expect(claims.sub).toBe("anon");
    expect(claims.room_ids).toEqual(["open-house"]);
  });

  it("gives every token a fresh random UUID jti", () => {
    const first = buildPermsClaims(MEMBER, OPTIONS, NOW).jti;
    const second = buildPermsClaims(MEMBER, OPTIONS, NOW).jti;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it("refuses a lifetime that would make exp fractional, and an empty room", () => {
    expect(() => buildPermsClaims(MEMBER, { ...OPTIONS, ttlSeconds: 299.5 }, NOW)).toThrow(RangeError);
    expect(() => buildPermsClaims({ ...MEMBER, roomSlug: "" }, OPTIONS, NOW)).toThrow(TypeError);
    expect(() => buildPermsClaims(MEMBER, OPTIONS, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("PermsTokenSigner", () => {
  it("signs with the protected header { alg: RS512, typ: JWT, kid }", async () => {
    const { token } = await new PermsTokenSigner(key, OPTIONS).sign(MEMBER, NOW);
    expect(decodeJson(segments(token).header)).toStrictEqual({ alg: "RS512", typ: "JWT", kid: key.kid });
  });

  it("writes exactly the claims it returns, with an integer exp 300 s after iat", async () => {
    const signed = await new PermsTokenSigner(key, OPTIONS).sign({ ...MEMBER, canModerate: true }, NOW);
    const rawPayload = Buffer.from(segments(signed.token).payload, "base64url").toString("utf8");
    // jsonwebtoken 7.2 fails on `"exp":1741065067.0`: the raw JSON must hold digits only.
    expect(rawPayload).toMatch(/"exp":\d+[,}]/);
    expect(rawPayload).not.toMatch(/"exp":[\d.eE+-]*[.eE]/);
    expect(JSON.parse(rawPayload)).toStrictEqual(signed.claims);
    expect(signed.claims).toMatchObject({ iat: NOW_SECONDS, exp: NOW_SECONDS + 300, kick_users: true, room_ids: ["quiet-lagoon"] });
    expect(signed.expiresAt).toEqual(new Date((NOW_SECONDS + 300) * 1000));
    expect(signed.refreshAt).toEqual(new Date((NOW_SECONDS + 240) * 1000));
  });

  it("produces tokens jose verifies with the public key read from public.der, RS512 only", async () => {
    const { token, claims } = await new PermsTokenSigner(key, OPTIONS).sign(MEMBER);
    const { payload, protectedHeader } = await jwtVerify(token, janusPublicKey, {
      algorithms: ["RS512"],
      audience: "webrtc_auth",
      issuer: "roomkey",
      requiredClaims: ["exp", "iat", "nbf", "jti", "sub"],
    });
    expect(protectedHeader).toEqual({ alg: "RS512", typ: "JWT", kid: key.kid });
    expect(payload).toStrictEqual({ ...claims });
  });

  it("produces an RSASSA-PKCS1-v1_5 SHA-512 signature node:crypto verifies over header.payload", async () => {
    const { token } = await new PermsTokenSigner(key, OPTIONS).sign(MEMBER, NOW);
    const { header, payload, signature } = segments(token);
    const signatureBytes = Buffer.from(signature, "base64url");
    expect(signatureBytes).toHaveLength(2048 / 8);
    expect(verify("sha512", Buffer.from(`${header}.${payload}`), janusPublicKey, signatureBytes)).toBe(true);
    // Same signature, altered claims: must not verify, or the check above proves nothing.
    const forged = Buffer.from(JSON.stringify({ ...(decodeJson(payload) as object), kick_users: true })).toString("base64url");
    expect(verify("sha512", Buffer.from(`${header}.${forged}`), janusPublicKey, signatureBytes)).toBe(false);
  });

  it("turns the KeyObject into a WebCrypto key once, not once per token", async () => {
    const fresh = await loadSigningKey(files.privateKeyPem); // a KeyObject jose has not seen yet
    // Node 20 converts through subtle.importKey; Node 22.10+ has KeyObject#toCryptoKey, which jose prefers.
    const withConverter = fresh.privateKey as KeyObject & { toCryptoKey?: (...args: unknown[]) => unknown };
    const spies = [jest.spyOn(globalThis.crypto.subtle, "importKey")];
    if (typeof withConverter.toCryptoKey === "function") spies.push(jest.spyOn(withConverter, "toCryptoKey") as never);
    const conversions = () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    try {
      const signer = new PermsTokenSigner(fresh, OPTIONS);
      await signer.sign(MEMBER);
      expect(conversions()).toBe(1);
      await Promise.all([1, 2, 3, 4, 5].map(() => signer.sign(MEMBER)));
      expect(conversions()).toBe(1);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("uses the configured audience, issuer and lifetime", async () => {
    const signer = new PermsTokenSigner(key, { audience: "sfu-test", issuer: "roomkey-staging", ttlSeconds: 60 });
    const { claims, refreshAt } = await signer.sign(MEMBER, NOW);
    expect(claims).toMatchObject({ aud: "sfu-test", iss: "roomkey-staging", exp: NOW_SECONDS + 60 });
    // With the shortest lifetime config allows, refreshing 60 s early would mean refreshing at once.
    expect(refreshAt).toEqual(new Date((NOW_SECONDS + 30) * 1000));
  });
});

describe("loadSigningKey", () => {
  it("loads a path and the same PEM inline, to the same key", async () => {
    const fromPath = await loadSigningKey(files.privateKeyPem);
    const inline = await loadSigningKey(await readFile(files.privateKeyPem, "utf8"));
    expect(fromPath.kid).toBe(key.kid);
    expect(inline.kid).toBe(key.kid);
    expect(inline.modulusBits).toBe(2048);
  });

  it("loads inline PEM whose newlines arrived as literal \\n escapes (one-line env values)", async () => {
    const oneLine = (await readFile(files.privateKeyPem, "utf8")).trim().replaceAll("\n", "\\n");
    expect((await loadSigningKey(oneLine)).kid).toBe(key.kid);
  });

  it("loads PKCS#8 (\"PRIVATE KEY\") and PKCS#1 (\"RSA PRIVATE KEY\") PEM", async () => {
    const pkcs8 = key.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const pkcs1 = key.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
    expect(pkcs8).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect((await loadSigningKey(pkcs8)).kid).toBe(key.kid);
    expect((await loadSigningKey(pkcs1)).kid).toBe(key.kid);
  });

  it("sets kid to the RFC 7638 SHA-256 thumbprint and keeps the public JWK and size", async () => {
    const loaded = await loadSigningKey(files.privateKeyPem);
    expect(loaded.kid).toBe(rfc7638Thumbprint(loaded.publicKey));
    expect(loaded.publicJwk).toStrictEqual({ kty: "RSA", n: loaded.publicJwk.n, e: "AQAB" });
    expect(Buffer.from(loaded.publicJwk.n, "base64url")).toHaveLength(256);
    expect(loaded.publicKey.type).toBe("public");
    expect(loaded.privateKey.type).toBe("private");
  });

  it("refuses keys under 2048 bits", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    await expectKeyError(loadSigningKey(privateKey.export({ type: "pkcs8", format: "pem" }) as string), "KEY_SIZE", "1024-bit", "2048 to 8192");
  });

  it("refuses non-RSA keys", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await expectKeyError(loadSigningKey(privateKey.export({ type: "pkcs8", format: "pem" }) as string), "KEY_NOT_RSA", "not an RSA key", "ec");
    await expectKeyError(loadSigningKey(privateKey.export({ type: "sec1", format: "pem" }) as string), "KEY_NOT_RSA", '"EC PRIVATE KEY"');
  });

  it("names the missing file, a non-PEM file, and a public key given as the private one", async () => {
    const missing = path.join(tmp, "nope", "key.pem");
    await expectKeyError(loadSigningKey(missing), "KEY_FILE_NOT_FOUND", `key file not found: ${missing}`);
    const garbage = path.join(tmp, "garbage.pem");
    await writeFile(garbage, "hello\n");
    await expectKeyError(loadSigningKey(garbage), "KEY_NOT_PEM", `key file ${garbage} is not PEM`);
    await expectKeyError(loadSigningKey(files.publicKeyPem), "KEY_WRONG_KIND", '"PUBLIC KEY"', "not an RSA private key");
    await expectKeyError(loadSigningKey(tmp), "KEY_FILE_UNREADABLE", `${tmp} is a directory`);
  });

  it("does not echo a value that is neither PEM nor a path (it may be key material)", async () => {
    const body = (await readFile(files.privateKeyPem, "utf8")).split("\n").slice(1, -2).join("\n");
    const error = await expectKeyError(loadSigningKey(body), "KEY_NOT_PEM", "neither PEM text");
    expect(error.message).not.toContain(body.slice(0, 20));
  });

  it("refuses an encrypted key with a hint to decrypt it", async () => {
    const encrypted = key.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" }) as string;
    await expectKeyError(loadSigningKey(encrypted), "KEY_WRONG_KIND", '"ENCRYPTED PRIVATE KEY"', "openssl pkey");
  });
});

describe("loadPublicKey", () => {
  it("loads SPKI PEM, PKCS#1 PEM and the PKCS#1 public.der to the signing key's kid", async () => {
    const pkcs1Pem = key.publicKey.export({ type: "pkcs1", format: "pem" }) as string;
    expect(pkcs1Pem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
    for (const source of [files.publicKeyPem, await readFile(files.publicKeyPem, "utf8"), pkcs1Pem, files.publicKeyDer]) {
      const loaded = await loadPublicKey(source);
      expect(loaded.kid).toBe(key.kid);
      expect(loaded.publicJwk).toStrictEqual(key.publicJwk);
    }
  });

  it("refuses a private key where a public one belongs", async () => {
    await expectKeyError(loadPublicKey(files.privateKeyPem), "KEY_WRONG_KIND", '"PRIVATE KEY"', "not an RSA public key");
  });

  it("refuses keys over 8192 bits", async () => {
    // A public key is only (n, e): an 8200-bit modulus needs no slow key generation.
    const modulus = Buffer.alloc(1025, 0xff);
    const huge = createPublicKey({ key: { kty: "RSA", n: modulus.toString("base64url"), e: "AQAB" }, format: "jwk" });
    await expectKeyError(loadPublicKey(huge.export({ type: "spki", format: "pem" }) as string), "KEY_SIZE", "8200-bit", "2048 to 8192");
  });
});

describe("generateKeyPair and writeKeyFiles", () => {
  it("refuses sizes janus-plugin-sfu would reject before spending time generating", async () => {
    await expectKeyError(generateKeyPair(1024), "KEY_SIZE", "1024-bit");
    await expectKeyError(generateKeyPair(8200), "KEY_SIZE", "8200-bit");
  });

  it("writes a 0600 PKCS#8 key.pem, an SPKI public.pem and a PKCS#1 public.der", async () => {
    expect((await stat(files.privateKeyPem)).mode & 0o777).toBe(0o600);
    expect(await readFile(files.privateKeyPem, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(await readFile(files.publicKeyPem, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(await readFile(files.publicKeyDer)).toEqual(key.publicKey.export({ type: "pkcs1", format: "der" }));
  });

  it("refuses to overwrite existing files unless asked to", async () => {
    const dir = path.join(tmp, "overwrite");
    await writeKeyFiles(dir, key);
    const other = await generateKeyPair(2048);
    await expectKeyError(writeKeyFiles(dir, other), "KEY_FILES_EXIST", path.join(dir, "key.pem"));
    expect((await loadSigningKey(path.join(dir, "key.pem"))).kid).toBe(key.kid);
    await writeKeyFiles(dir, other, { overwrite: true });
    expect((await loadSigningKey(path.join(dir, "key.pem"))).kid).toBe(other.kid);
    expect((await loadPublicKey(path.join(dir, "public.der"))).kid).toBe(other.kid);
  });
});

describe("resolveSigningKey", () => {
  it("refuses to start production without AUTH_KEY_PRIVATE", async () => {
    const dataDir = path.join(tmp, "prod-data");
    await expectKeyError(resolveSigningKey({ privateKey: undefined }, { nodeEnv: "production", dataDir }), "KEY_MISSING", "AUTH_KEY_PRIVATE");
    await expect(stat(dataDir)).rejects.toMatchObject({ code: "ENOENT" }); // nothing generated
  });

  it("loads the configured key in production and names AUTH_KEY_PRIVATE when it is bad", async () => {
    const loaded = await resolveSigningKey({ privateKey: files.privateKeyPem }, { nodeEnv: "production", dataDir: tmp });
    expect(loaded.kid).toBe(key.kid);
    const missing = path.join(tmp, "missing.pem");
    await expectKeyError(
      resolveSigningKey({ privateKey: missing }, { nodeEnv: "production", dataDir: tmp }),
      "KEY_FILE_NOT_FOUND",
      `AUTH_KEY_PRIVATE: key file not found: ${missing}`,
    );
  });

  it("generates a 2048-bit development key under <dataDir>/keys once, then reuses it", async () => {
    const dataDir = path.join(tmp, "dev-data");
    const der = path.join(dataDir, "keys", "public.der");
    const firstLog: string[] = [];
    const first = await resolveSigningKey({ privateKey: undefined }, { nodeEnv: "development", dataDir, log: (m) => firstLog.push(m) });
    expect(first.modulusBits).toBe(2048);
    expect(firstLog).toEqual([expect.stringContaining(`auth_key = ${der}`)]);
    expect(firstLog[0]).toContain("Generated");
    expect((await loadPublicKey(der)).kid).toBe(first.kid);

    const secondLog: string[] = [];
    const second = await resolveSigningKey({ privateKey: undefined }, { nodeEnv: "test", dataDir, log: (m) => secondLog.push(m) });
    expect(second.kid).toBe(first.kid);
    expect(secondLog).toEqual([expect.stringContaining(`auth_key = ${der}`)]);
    expect(secondLog[0]).toContain("Using");
  });

  it("restores a deleted development public.der from key.pem instead of pointing janus at nothing", async () => {
    const dataDir = path.join(tmp, "dev-repair");
    const first = await resolveSigningKey({ privateKey: undefined }, { nodeEnv: "development", dataDir });
    const der = path.join(dataDir, "keys", "public.der");
    await unlink(der);
    const log: string[] = [];
    const second = await resolveSigningKey({ privateKey: undefined }, { nodeEnv: "development", dataDir, log: (m) => log.push(m) });
    expect(second.kid).toBe(first.kid);
    expect((await loadPublicKey(der)).kid).toBe(first.kid);
    expect(log[0]).toContain(`Rewrote`);
  });
});
