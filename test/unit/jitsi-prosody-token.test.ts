import { describe, expect, it } from "@jest/globals";
import { createProsodyToken, parseProsodyPassword, verifyProsodyPassword } from "../../src/media/jitsi/prosody-token.js";

// The worked example from the Jitsi token plugin documentation.
const seed = {
  roomName: "angrywhalesgrowhigh",
  ts: "1446573136000",
  appId: "myTestApp",
  appSecret: "blablabla",
  token: "0daad82d1ad81c718d643b71b46793af2295bb20e3eb436079e9bbd130ba1ad9",
  password: "0daad82d1ad81c718d643b71b46793af2295bb20e3eb436079e9bbd130ba1ad9_angrywhalesgrowhigh_1446573136000",
};
const issuedAt = new Date(Number(seed.ts));
const DAY = 86_400;
const credentials = { appId: seed.appId, appSecret: seed.appSecret, tokenLifetimeSeconds: DAY };
const at = (offsetMs: number) => new Date(issuedAt.getTime() + offsetMs);

describe("createProsodyToken", () => {
  it("reproduces the documented token and password byte for byte", () => {
    const created = createProsodyToken({ ...credentials, roomName: seed.roomName, issuedAt });
    expect(created.token).toBe(seed.token);
    expect(created.password).toBe(seed.password);
    expect(created.ts).toBe(seed.ts);
    expect(created.expiresAt).toEqual(new Date(1446573136000 + DAY * 1000));
  });

  it("hashes the millisecond timestamp, so issue times 1 ms apart give different tokens", () => {
    const first = createProsodyToken({ ...credentials, roomName: seed.roomName, issuedAt });
    const second = createProsodyToken({ ...credentials, roomName: seed.roomName, issuedAt: at(1) });
    expect(second.ts).toBe("1446573136001");
    expect(second.token).not.toBe(first.token);
  });

  it.each(["angry-whales", "Angry", "a_b", "", "caf\u00e9"])("refuses the room name %j the plugin cannot parse", (roomName) => {
    expect(() => createProsodyToken({ ...credentials, roomName, issuedAt })).toThrow(RangeError);
  });

  it("refuses an empty secret and an unusable issue time", () => {
    expect(() => createProsodyToken({ ...credentials, appSecret: "", roomName: "room", issuedAt })).toThrow(RangeError);
    expect(() => createProsodyToken({ ...credentials, roomName: "room", issuedAt: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe("verifyProsodyPassword", () => {
  const verify = (password: string, now: Date, extra: Partial<Parameters<typeof verifyProsodyPassword>[1]> = {}) =>
    verifyProsodyPassword(password, { ...credentials, now, ...extra });

  it("accepts the documented password while it is fresh", () => {
    expect(verify(seed.password, at(60_000))).toEqual({
      ok: true,
      roomName: seed.roomName,
      issuedAt,
      expiresAt: at(DAY * 1000),
    });
  });

  it("accepts a password for exactly the lifetime and refuses it 1 ms later", () => {
    expect(verify(seed.password, at(DAY * 1000)).ok).toBe(true);
    expect(verify(seed.password, at(DAY * 1000 + 1))).toMatchObject({ ok: false, reason: "EXPIRED" });
  });

  it("applies the configured lifetime", () => {
    expect(verify(seed.password, at(61_000), { tokenLifetimeSeconds: 60 })).toMatchObject({ ok: false, reason: "EXPIRED" });
    expect(verify(seed.password, at(59_000), { tokenLifetimeSeconds: 60 }).ok).toBe(true);
  });

  it("refuses passwords dated beyond the allowed clock skew", () => {
    const { password } = createProsodyToken({ ...credentials, roomName: "room", issuedAt: at(61_000) });
    expect(verify(password, issuedAt)).toMatchObject({ ok: false, reason: "FUTURE_DATED" });
    expect(verify(password, issuedAt, { maxFutureSkewSeconds: 61 }).ok).toBe(true);
    expect(verify(password, at(1_000)).ok).toBe(true);
  });

  it("refuses a password issued a year ahead even though its age is negative", () => {
    const { password } = createProsodyToken({ ...credentials, roomName: "room", issuedAt: at(365 * DAY * 1000) });
    expect(verify(password, issuedAt)).toMatchObject({ ok: false, reason: "FUTURE_DATED" });
  });

  it.each([
    ["a flipped token digit", seed.password.replace(/^0/, "1")],
    ["another room", seed.password.replace("angrywhalesgrowhigh", "angrywhalesgrowlow")],
    ["a later timestamp", seed.password.replace("1446573136000", "1446573137000")],
  ])("refuses a password with %s", (_what, password) => {
    expect(verify(password, at(1_000))).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("refuses a password signed for another app id or secret", () => {
    expect(verify(seed.password, at(1_000), { appSecret: "blablablA" })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
    expect(verify(seed.password, at(1_000), { appId: "otherApp" })).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it.each([
    ["empty", ""],
    ["no separators", seed.token],
    ["two parts", `${seed.token}_${seed.roomName}`],
    ["four parts", `${seed.password}_1`],
    ["junk before the match Lua would find", `x-${seed.password}`],
    ["trailing junk", `${seed.password}zz`],
    ["trailing newline", `${seed.password}\n`],
    ["uppercase hex", seed.password.replace(seed.token, seed.token.toUpperCase())],
    ["a short token", seed.password.slice(1)],
    ["a non-hex token", seed.password.replace(/^0/, "g")],
    ["a dash in the room", seed.password.replace("angrywhales", "angry-whales")],
    ["an uppercase room", seed.password.replace("angry", "Angry")],
    ["a leading zero in ts", seed.password.replace("_1446", "_01446")],
    ["a non-numeric ts", seed.password.replace("136000", "136abc")],
    ["a ts beyond the Date range", `${seed.token}_${seed.roomName}_9999999999999999`],
  ])("reports %s as MALFORMED", (_what, password) => {
    expect(verify(password, at(1_000))).toMatchObject({ ok: false, reason: "MALFORMED" });
  });
});

describe("parseProsodyPassword", () => {
  it("splits the documented password without checking it", () => {
    expect(parseProsodyPassword(seed.password)).toEqual({ token: seed.token, roomName: seed.roomName, ts: seed.ts, issuedAt });
    expect(parseProsodyPassword("nope")).toBeUndefined();
  });
});
