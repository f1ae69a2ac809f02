import { describe, expect, it } from "@jest/globals";
import type { JitsiConfig } from "../../src/config.js";
import { jitsiTestConfig } from "../support/jitsi-fixture.js";
import { signJitsiJwt } from "../../src/media/jitsi/jitsi-jwt.js";
import { createProsodyToken } from "../../src/media/jitsi/prosody-token.js";
import { jitsiRoomName } from "../../src/media/jitsi/room-name.js";
import { detectCredentialScheme, formatCredentialReport, verifyJitsiCredential } from "../../src/media/jitsi/verify-credential.js";

const config = jitsiTestConfig;
const issuedAt = new Date("2025-03-04T05:06:07.000Z");
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);
const roomName = jitsiRoomName("team-sync");

function prosodyPassword(appSecret = config.appSecret): string {
  return createProsodyToken({ ...config, appSecret, roomName, issuedAt }).password;
}

async function jwtFor(moderator: boolean, overrides: Partial<JitsiConfig> = {}): Promise<string> {
  const { jwt } = await signJitsiJwt({ config: { ...config, ...overrides }, roomName, user: { id: "u-1", name: "Ada", moderator }, now: issuedAt });
  return jwt;
}

describe("detectCredentialScheme", () => {
  it("tells JWTs, Prosody passwords and anything else apart", async () => {
    expect(detectCredentialScheme(await jwtFor(false))).toBe("jwt");
    expect(detectCredentialScheme(prosodyPassword())).toBe("prosody");
    expect(detectCredentialScheme("hello")).toBe("unknown");
    expect(detectCredentialScheme("a.b")).toBe("unknown");
  });
});

describe("verifyJitsiCredential", () => {
  it("reports a valid Prosody password with its room, slug and times", async () => {
    expect(await verifyJitsiCredential(prosodyPassword(), config, later(60))).toEqual({
      scheme: "prosody",
      ok: true,
      details: { verified: true, roomName: "teamqdsync", slug: "team-sync", issuedAt, expiresAt: later(86_400) },
    });
  });

  it("reports an expired Prosody password with what it claims, marked unverified", async () => {
    const report = await verifyJitsiCredential(prosodyPassword(), config, later(86_401));
    expect(report).toMatchObject({ scheme: "prosody", ok: false, reason: "EXPIRED", details: { verified: false, slug: "team-sync" } });
  });

  it("refuses a Prosody password made with another secret", async () => {
    const report = await verifyJitsiCredential(prosodyPassword("not-the-secret"), config, later(60));
    expect(report).toMatchObject({ scheme: "prosody", ok: false, reason: "BAD_SIGNATURE" });
  });

  it("reports a malformed Prosody password without details", async () => {
    expect(await verifyJitsiCredential("abc_def", config, later(60))).toMatchObject({
      scheme: "prosody",
      ok: false,
      reason: "MALFORMED",
      details: { verified: false },
    });
  });

  it("reports a valid JWT with its user and moderator flag", async () => {
    const report = await verifyJitsiCredential(await jwtFor(true), config, later(60));
    expect(report).toMatchObject({
      scheme: "jwt",
      ok: true,
      details: {
        verified: true,
        roomName: "teamqdsync",
        slug: "team-sync",
        issuedAt,
        expiresAt: later(3_600),
        issuer: "roomkey-test",
        audience: ["jitsi"],
        subject: "meet.example.com",
        user: { id: "u-1", name: "Ada", moderator: true },
      },
    });
    const guest = await verifyJitsiCredential(await jwtFor(false), config, later(60));
    expect(guest.details.user?.moderator).toBe(false);
  });

  it("refuses an expired JWT and one signed with another secret", async () => {
    expect(await verifyJitsiCredential(await jwtFor(true), config, later(3_600))).toMatchObject({ scheme: "jwt", ok: false, reason: "EXPIRED" });
    const forged = await verifyJitsiCredential(await jwtFor(true, { appSecret: "another-secret-of-decent-length" }), config, later(60));
    expect(forged).toMatchObject({ scheme: "jwt", ok: false, reason: "BAD_SIGNATURE", details: { verified: false, roomName: "teamqdsync" } });
  });

  it("refuses a JWT issued for another Jitsi tenant", async () => {
    const report = await verifyJitsiCredential(await jwtFor(true, { jwtSubject: "other.example.com" }), config, later(60));
    expect(report).toMatchObject({ scheme: "jwt", ok: false, reason: "CLAIM_INVALID" });
  });

  it("does not recognise other strings", async () => {
    expect(await verifyJitsiCredential("hello", config, later(60))).toMatchObject({ scheme: "unknown", ok: false, reason: "UNRECOGNIZED" });
  });
});

describe("formatCredentialReport", () => {
  it("prints the verdict and the JWT's user", async () => {
    const lines = formatCredentialReport(await verifyJitsiCredential(await jwtFor(true), config, later(60)));
    expect(lines).toEqual(
      expect.arrayContaining(["scheme:     jwt", "result:     VALID", "room:       teamqdsync", "slug:       team-sync", "moderator:  true"]),
    );
    expect(lines).toContain(`expires:    ${later(3_600).toISOString()}`);
    expect(lines).not.toContain("(the fields below are unverified)");
  });

  it("prints the reason and flags unverified fields", async () => {
    const lines = formatCredentialReport(await verifyJitsiCredential(prosodyPassword(), config, later(86_401)));
    expect(lines[1]).toMatch(/^result: +INVALID \(EXPIRED\): Expired at /);
    expect(lines).toContain("(the fields below are unverified)");
    expect(lines).toContain(`issued:     ${issuedAt.toISOString()}`);
  });
});
