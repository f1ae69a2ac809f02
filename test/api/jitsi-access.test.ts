import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { decodeJwt } from "jose";
import { loadConfig } from "../../src/config.js";
import { verifyJitsiCredential } from "../../src/media/jitsi/verify-credential.js";
import { gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const JITSI_ENV = { JITSI_APP_ID: "roomkeyApp", JITSI_APP_SECRET: "s3cret-for-tests", JITSI_DOMAIN: "meet.example.org" };
const jitsiConfig = loadConfig(JITSI_ENV).jitsi!;
const ACCESS = `query($roomSlug: String!) {
  jitsiAccess(roomSlug: $roomSlug) { roomName role moderator password token ts expiresAt jwt jwtExpiresAt meetingUrl }
}`;
const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned } }`;

describe.each(TEST_DATABASES)("Jitsi access on %s", (database) => {
  let app: TestApp;
  let owner: SignedUpUser, moderator: SignedUpUser, publisher: SignedUpUser;
  let slug: string;
  beforeAll(async () => {
    app = await startTestApp({ database, env: JITSI_ENV });
    [owner, moderator, publisher] = await Promise.all(["owner", "moderator", "publisher"].map((name) => signUp(app.url, name)));
    slug = (await createRoom(app.url, owner.token, { name: "Quiet Meeting" })).slug;
    await setRole(app.url, owner.token, slug, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, slug, publisher.id, "PUBLISHER");
  });
  afterAll(() => app?.stop());

  it("hands a moderator a verifiable JWT with moderator: true and a valid token-plugin password", async () => {
    const { jitsiAccess } = await gqlOk(app.url, ACCESS, { roomSlug: slug }, moderator.token);
    expect(jitsiAccess.roomName).toMatch(/^[a-z0-9]+$/);
    expect(jitsiAccess).toMatchObject({ role: "MODERATOR", moderator: true });
    expect(jitsiAccess.password).toBe(`${jitsiAccess.token}_${jitsiAccess.roomName}_${jitsiAccess.ts}`);
    expect(Number(jitsiAccess.ts)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(jitsiAccess.expiresAt) - Number(jitsiAccess.ts)).toBe(86_400_000);

    // Independent HS256 check of the JWT.
    const [header, payload, signature] = jitsiAccess.jwt.split(".");
    expect(createHmac("sha256", JITSI_ENV.JITSI_APP_SECRET).update(`${header}.${payload}`).digest("base64url")).toBe(signature);
    const claims = decodeJwt(jitsiAccess.jwt);
    expect(claims).toMatchObject({
      iss: "roomkeyApp",
      aud: "jitsi",
      sub: "meet.example.org",
      room: jitsiAccess.roomName,
      context: { user: { id: moderator.id, moderator: true } },
    });
    expect(Number.isInteger(claims.exp)).toBe(true);
    expect(jitsiAccess.meetingUrl).toBe(`https://meet.example.org/${jitsiAccess.roomName}?jwt=${jitsiAccess.jwt}`);

    for (const credential of [jitsiAccess.password, jitsiAccess.jwt]) {
      expect((await verifyJitsiCredential(credential, jitsiConfig)).ok).toBe(true);
    }
  });

  it("gives a publisher moderator: false and anonymous people a guest identity", async () => {
    const { jitsiAccess } = await gqlOk(app.url, ACCESS, { roomSlug: slug }, publisher.token);
    expect(jitsiAccess).toMatchObject({ role: "PUBLISHER", moderator: false });
    expect(decodeJwt(jitsiAccess.jwt)).toMatchObject({ context: { user: { id: publisher.id, moderator: false } } });
    const anonymous = (await gqlOk(app.url, ACCESS, { roomSlug: slug })).jitsiAccess;
    expect(anonymous).toMatchObject({ role: null, moderator: false });
    expect(decodeJwt(anonymous.jwt)).toMatchObject({ context: { user: { id: "anon", moderator: false } } });
  });

  it("applies the same entry decision as joinToken: BANNED, ROOM_CLOSED, FORBIDDEN, UNAUTHENTICATED, NOT_FOUND", async () => {
    const room = (await createRoom(app.url, owner.token, { name: "Bans" })).slug;
    await gqlOk(app.url, KICK, { roomSlug: room, userId: publisher.id }, owner.token);
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: room }, publisher.token)).toBe("BANNED");

    const closed = (await createRoom(app.url, owner.token, { name: "Closed", entryMode: "CLOSED" })).slug;
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: closed }, moderator.token)).toBe("ROOM_CLOSED");
    const members = (await createRoom(app.url, owner.token, { name: "Members", entryMode: "MEMBERS" })).slug;
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: members }, moderator.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: members })).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: "no-such-room" })).toBe("NOT_FOUND");
  });
});

describe("Jitsi access when Jitsi is not configured", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it("says so with UPSTREAM_UNAVAILABLE", async () => {
    const owner = await signUp(app.url, "owner");
    const { slug } = await createRoom(app.url, owner.token);
    expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: slug }, owner.token)).toBe("UPSTREAM_UNAVAILABLE");
  });
});
