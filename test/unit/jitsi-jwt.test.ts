import { createHmac } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import { jitsiTestConfig } from "../support/jitsi-fixture.js";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { signJitsiJwt, verifyJitsiJwt, type JitsiUser } from "../../src/media/jitsi/jitsi-jwt.js";

const config = jitsiTestConfig;
// Deliberately not on a whole second: claims must be floored to integer seconds.
const now = new Date("2025-03-04T05:06:07.890Z");
const iat = Math.floor(now.getTime() / 1000);
const moderator: JitsiUser = { id: "u-1", name: "Ada", email: "ada@example.com", avatar: "https://example.com/ada.png", moderator: true };
const guest: JitsiUser = { id: "u-2", moderator: false };
const verifyOptions = { appId: config.appId, appSecret: config.appSecret, audience: config.jwtAudience };
const secondsAfterIat = (seconds: number) => new Date((iat + seconds) * 1000);

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** HS256 recomputed with node:crypto alone, independent of jose. */
function hs256Matches(jwt: string, secret: string): boolean {
  const [header, payload, signature] = jwt.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return expected === signature;
}

/** Signs arbitrary claims with the test secret, for tokens our signer would never produce. */
function signRaw(claims: Record<string, unknown>, secret = config.appSecret): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

describe("signJitsiJwt", () => {
  it("signs HS256 with the app secret, checked independently of jose", async () => {
    const { jwt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: moderator, now });
    expect(jwt.split(".")).toHaveLength(3);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(hs256Matches(jwt, config.appSecret)).toBe(true);
    expect(hs256Matches(jwt, `${config.appSecret}x`)).toBe(false);
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(config.appSecret), { algorithms: ["HS256"], currentDate: now });
    expect(payload.room).toBe("teamqdsync");
  });

  it("pins the Jitsi claims, with integer times and exp = iat + ttl", async () => {
    const { jwt, expiresAt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: moderator, now });
    const claims = decodeSegment(jwt.split(".")[1]!);
    expect(claims).toEqual({
      iss: "roomkey-test",
      aud: "jitsi",
      sub: "meet.example.com",
      room: "teamqdsync",
      iat,
      nbf: iat,
      exp: iat + 3_600,
      context: { user: { id: "u-1", name: "Ada", email: "ada@example.com", avatar: "https://example.com/ada.png", moderator: true } },
    });
    expect(Number.isInteger(claims.exp)).toBe(true);
    expect(expiresAt).toEqual(new Date((iat + 3_600) * 1000));
  });

  it("marks other users as moderator false and leaves out absent profile fields", async () => {
    const { jwt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: guest, now });
    expect(decodeSegment(jwt.split(".")[1]!).context).toEqual({ user: { id: "u-2", moderator: false } });
  });

  it("follows the configured audience, subject and ttl", async () => {
    const custom = { ...config, jwtAudience: "meet", jwtSubject: "*", jwtTtlSeconds: 60 };
    const { jwt } = await signJitsiJwt({ config: custom, roomName: "*", user: guest, now });
    expect(decodeSegment(jwt.split(".")[1]!)).toMatchObject({ aud: "meet", sub: "*", room: "*", exp: iat + 60 });
  });

  it.each(["Team", "team-sync", "", "a b"])("refuses the room name %j", async (roomName) => {
    await expect(signJitsiJwt({ config, roomName, user: guest, now })).rejects.toThrow(RangeError);
  });
});

describe("verifyJitsiJwt", () => {
  it("accepts a fresh token and returns its claims and user", async () => {
    const { jwt, expiresAt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: moderator, now });
    const result = await verifyJitsiJwt(jwt, { ...verifyOptions, now: secondsAfterIat(10) });
    expect(result).toMatchObject({ ok: true, roomName: "teamqdsync", user: moderator, issuedAt: new Date(iat * 1000), expiresAt });
    if (result.ok) expect(result.claims.sub).toBe("meet.example.com");
  });

  it("refuses the token from its expiry second on, with no clock tolerance", async () => {
    const { jwt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: guest, now });
    expect((await verifyJitsiJwt(jwt, { ...verifyOptions, now: secondsAfterIat(3_599) })).ok).toBe(true);
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now: secondsAfterIat(3_600) })).toMatchObject({ ok: false, reason: "EXPIRED" });
  });

  it("refuses the token before its nbf", async () => {
    const { jwt } = await signJitsiJwt({ config, roomName: "teamqdsync", user: guest, now });
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now: secondsAfterIat(-1) })).toMatchObject({ ok: false, reason: "NOT_YET_VALID" });
  });

  it("refuses a token signed with another secret", async () => {
    const { jwt } = await signJitsiJwt({ config: { ...config, appSecret: "another-secret-of-decent-length" }, roomName: "room", user: guest, now });
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("refuses a token whose payload was edited after signing", async () => {
    const { jwt } = await signJitsiJwt({ config, roomName: "room", user: guest, now });
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const promoted = { ...decodeSegment(payload), context: { user: { ...guest, moderator: true } } };
    const forged = `${header}.${Buffer.from(JSON.stringify(promoted)).toString("base64url")}.${signature}`;
    expect(await verifyJitsiJwt(forged, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("refuses unsigned and non-HS256 tokens", async () => {
    const claims = { iss: config.appId, aud: "jitsi", room: "room", exp: iat + 60 };
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: "HS512" }).sign(new TextEncoder().encode(config.appSecret));
    expect(await verifyJitsiJwt(unsigned, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
    expect(await verifyJitsiJwt(hs512, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("refuses a token without exp, which Jitsi would accept forever", async () => {
    const jwt = await signRaw({ iss: config.appId, aud: "jitsi", sub: "meet.example.com", room: "room" });
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "CLAIM_INVALID" });
  });

  it.each([
    ["another issuer", { iss: "someone-else" }],
    ["another audience", { aud: "not-jitsi" }],
    ["no room", { room: undefined }],
    ["a user without id", { context: { user: { name: "x", moderator: true } } }],
  ])("refuses a correctly signed token with %s", async (_what, override) => {
    const jwt = await signRaw({ iss: config.appId, aud: "jitsi", sub: "meet.example.com", room: "room", exp: iat + 60, ...override });
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "CLAIM_INVALID" });
  });

  it("checks sub when asked, accepting the wildcard", async () => {
    const base = { iss: config.appId, aud: "jitsi", room: "room", exp: iat + 60 };
    const options = { ...verifyOptions, subject: "meet.example.com", now };
    expect((await verifyJitsiJwt(await signRaw({ ...base, sub: "meet.example.com" }), options)).ok).toBe(true);
    expect((await verifyJitsiJwt(await signRaw({ ...base, sub: "*" }), options)).ok).toBe(true);
    expect(await verifyJitsiJwt(await signRaw({ ...base, sub: "other.example.com" }), options)).toMatchObject({ ok: false, reason: "CLAIM_INVALID" });
  });

  it('reads the moderator flag as Jitsi does: true or "true"', async () => {
    const base = { iss: config.appId, aud: "jitsi", room: "room", exp: iat + 60 };
    const moderatorOf = async (flag: unknown) => {
      const result = await verifyJitsiJwt(await signRaw({ ...base, context: { user: { id: "u", moderator: flag } } }), { ...verifyOptions, now });
      return result.ok ? result.user?.moderator : result.reason;
    };
    expect(await moderatorOf(true)).toBe(true);
    expect(await moderatorOf("true")).toBe(true);
    expect(await moderatorOf(false)).toBe(false);
    expect(await moderatorOf("yes")).toBe(false);
  });

  it.each(["", "a.b.c", "not-a-jwt", "e30.e30."])("reports %j as MALFORMED", async (jwt) => {
    expect(await verifyJitsiJwt(jwt, { ...verifyOptions, now })).toMatchObject({ ok: false, reason: "MALFORMED" });
  });
});
