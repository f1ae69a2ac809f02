import { createPublicKey, verify } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const JOIN = `query($roomSlug: String!, $clientId: String) {
  joinToken(roomSlug: $roomSlug, clientId: $clientId) { token expiresAt refreshAt role claims { sub joinHub kickUsers roomIds aud } }
}`;
const KICK = `mutation($roomSlug: String!, $userId: ID!, $reason: String) {
  kickUser(roomSlug: $roomSlug, userId: $userId, reason: $reason) { user { id } banned disconnected }
}`;
const UNBAN = `mutation($roomSlug: String!, $userId: ID!) { unbanUser(roomSlug: $roomSlug, userId: $userId) }`;
const BANS = `query($slug: String!) { room(slug: $slug) { bans { user { id } bannedBy { id } reason createdAt } } }`;

describe.each(TEST_DATABASES)("join tokens and kicks on %s", (database) => {
  let app: TestApp;
  let owner: SignedUpUser, moderator: SignedUpUser, publisher: SignedUpUser, subscriber: SignedUpUser, outsider: SignedUpUser;
  let slug: string;

  beforeAll(async () => {
    app = await startTestApp({ database });
    [owner, moderator, publisher, subscriber, outsider] = await Promise.all(
      ["owner", "moderator", "publisher", "subscriber", "outsider"].map((name) => signUp(app.url, name)),
    );
    slug = (await createRoom(app.url, owner.token, { name: "Hub" })).slug;
    await setRole(app.url, owner.token, slug, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, slug, publisher.id, "PUBLISHER");
    await setRole(app.url, owner.token, slug, subscriber.id, "SUBSCRIBER");
  });
  afterAll(() => app?.stop());

  /** Verifies like janus-plugin-sfu would: with the PKCS#1 DER public key the dev start wrote, RS512 only. */
  async function verifyLikeJanus(token: string) {
    const der = await readFile(path.join(app.dataDir, "keys", "public.der"));
    const publicKey = createPublicKey({ key: der, format: "der", type: "pkcs1" });
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, { algorithms: ["RS512"] });
    const [header, body, signature] = token.split(".");
    expect(verify("sha512", Buffer.from(`${header}.${body}`), publicKey, Buffer.from(signature!, "base64url"))).toBe(true);
    return { payload, protectedHeader, rawPayload: Buffer.from(body!, "base64url").toString("utf8") };
  }

  it("gives the owner a token that lets them kick, signed as janus-plugin-sfu expects", async () => {
    const { joinToken } = await gqlOk(app.url, JOIN, { roomSlug: slug }, owner.token);
    const { payload, protectedHeader, rawPayload } = await verifyLikeJanus(joinToken.token);
    expect(protectedHeader).toMatchObject({ alg: "RS512", typ: "JWT" });
    expect(payload).toMatchObject({ sub: owner.id, aud: "webrtc_auth", iss: "roomkey", join_hub: true, kick_users: true, room_ids: [slug] });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(rawPayload).toMatch(/"exp":\d+[,}]/);
    expect(joinToken).toMatchObject({
      role: "OWNER",
      claims: { sub: owner.id, joinHub: true, kickUsers: true, roomIds: [slug], aud: "webrtc_auth" },
      expiresAt: new Date(payload.exp! * 1000).toISOString(),
      refreshAt: new Date((payload.exp! - 60) * 1000).toISOString(),
    });
  });

  it("publishes the signing key in the JWKS under the token's kid", async () => {
    const { joinToken } = await gqlOk(app.url, JOIN, { roomSlug: slug }, owner.token);
    const jwks = (await (await fetch(`${app.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const { kid } = decodeProtectedHeader(joinToken.token);
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS512", use: "sig" });
    await expect(jwtVerify(joinToken.token, await importJWK(jwk!, "RS512"))).resolves.toBeDefined();
  });

  it.each([
    ["moderator", "MODERATOR", true],
    ["publisher", "PUBLISHER", false],
    ["subscriber", "SUBSCRIBER", false],
  ] as const)("gives a %s kick_users=%s", async (who, role, kick) => {
    const user = { moderator, publisher, subscriber }[who];
    const { joinToken } = await gqlOk(app.url, JOIN, { roomSlug: slug }, user.token);
    const { payload } = await verifyLikeJanus(joinToken.token);
    expect(payload).toMatchObject({ sub: user.id, kick_users: kick, room_ids: [slug] });
    expect(joinToken.role).toBe(role);
  });

  it("lets anonymous people in only where the room allows it", async () => {
    const { joinToken } = await gqlOk(app.url, JOIN, { roomSlug: slug });
    const { payload } = await verifyLikeJanus(joinToken.token);
    expect(payload).toMatchObject({ sub: "anon", kick_users: false, room_ids: [slug] });
    expect(joinToken.role).toBeNull();

    const closedToAnon = (await createRoom(app.url, owner.token, { name: "No anon", allowAnonymous: false })).slug;
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: closedToAnon })).toBe("UNAUTHENTICATED");
    expect((await gqlOk(app.url, JOIN, { roomSlug: closedToAnon }, outsider.token)).joinToken.role).toBe("PUBLISHER");
  });

  it("denies with the contract's codes, never with a token", async () => {
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: "no-such-room" }, owner.token)).toBe("NOT_FOUND");
    const members = (await createRoom(app.url, owner.token, { name: "Members", entryMode: "MEMBERS" })).slug;
    await setRole(app.url, owner.token, members, subscriber.id, "SUBSCRIBER");
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: members }, outsider.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: members })).toBe("UNAUTHENTICATED");
    expect((await gqlOk(app.url, JOIN, { roomSlug: members }, subscriber.token)).joinToken.role).toBe("SUBSCRIBER");

    const closed = (await createRoom(app.url, owner.token, { name: "Closed", entryMode: "CLOSED" })).slug;
    await setRole(app.url, owner.token, closed, publisher.id, "PUBLISHER");
    await setRole(app.url, owner.token, closed, moderator.id, "MODERATOR");
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: closed }, publisher.token)).toBe("ROOM_CLOSED");
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: closed })).toBe("ROOM_CLOSED");
    expect((await gqlOk(app.url, JOIN, { roomSlug: closed }, moderator.token)).joinToken.role).toBe("MODERATOR");
    expect((await gqlOk(app.url, JOIN, { roomSlug: closed }, owner.token)).joinToken.role).toBe("OWNER");
  });

  it("rejects an over-long clientId", async () => {
    const response = await gql(app.url, JOIN, { roomSlug: slug, clientId: "c".repeat(129) }, publisher.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "clientId" });
  });

  it("bans a kicked user until they are unbanned, and remembers their client ids", async () => {
    const room = (await createRoom(app.url, owner.token, { name: "Kick me" })).slug;
    await setRole(app.url, owner.token, room, publisher.id, "PUBLISHER");
    await gqlOk(app.url, JOIN, { roomSlug: room, clientId: "sfu-client-1" }, publisher.token);
    const clients = await app.services.db.run((m) =>
      m.query(`SELECT client_id FROM room_clients c JOIN rooms r ON r.id = c.room_id WHERE r.slug = $1 AND c.user_id = $2`, [room, publisher.id]),
    );
    expect(clients).toEqual([{ client_id: "sfu-client-1" }]);

    const { kickUser } = await gqlOk(app.url, KICK, { roomSlug: room, userId: publisher.id, reason: "spam" }, owner.token);
    expect(kickUser).toEqual({ user: { id: publisher.id }, banned: true, disconnected: 0 });
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: room }, publisher.token)).toBe("BANNED");
    const bans = (await gqlOk(app.url, BANS, { slug: room }, owner.token)).room.bans;
    expect(bans).toEqual([{ user: { id: publisher.id }, bannedBy: { id: owner.id }, reason: "spam", createdAt: expect.any(String) }]);
    expect((await gqlOk(app.url, BANS, { slug: room }, publisher.token)).room.bans).toEqual([]);
    // The kick took their role away, and while banned they have none.
    const MY_ROLE = `query($s: String!) { room(slug: $s) { myRole members { user { id } } } }`;
    expect((await gqlOk(app.url, MY_ROLE, { s: room }, publisher.token)).room).toEqual({ myRole: null, members: [] });

    expect((await gqlOk(app.url, UNBAN, { roomSlug: room, userId: publisher.id }, owner.token)).unbanUser).toBe(true);
    expect((await gqlOk(app.url, UNBAN, { roomSlug: room, userId: publisher.id }, owner.token)).unbanUser).toBe(false);
    const again = (await gqlOk(app.url, JOIN, { roomSlug: room }, publisher.token)).joinToken;
    expect(again.claims.sub).toBe(publisher.id);
    // Unbanned, they enter the open room with its default role, not the role they lost.
    expect((await gqlOk(app.url, MY_ROLE, { s: room }, publisher.token)).room).toEqual({ myRole: "PUBLISHER", members: [] });
  });

  it("lets only the owner, moderators and admins kick, within their rank", async () => {
    const room = (await createRoom(app.url, owner.token, { name: "Ranks" })).slug;
    const mod2 = await signUp(app.url, "mod2");
    await setRole(app.url, owner.token, room, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, room, mod2.id, "MODERATOR");
    await setRole(app.url, owner.token, room, publisher.id, "PUBLISHER");

    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: subscriber.id }, publisher.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: subscriber.id }, outsider.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: subscriber.id })).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: owner.id }, moderator.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: mod2.id }, moderator.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: moderator.id }, moderator.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: owner.id }, owner.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: "no-such-room", userId: publisher.id }, owner.token)).toBe("NOT_FOUND");
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: room, userId: "00000000-0000-0000-0000-000000000000" }, owner.token)).toBe("NOT_FOUND");
    expect(await gqlErrorCode(app.url, UNBAN, { roomSlug: room, userId: publisher.id }, publisher.token)).toBe("FORBIDDEN");

    // A moderator kicks a publisher; the owner kicks a moderator.
    expect((await gqlOk(app.url, KICK, { roomSlug: room, userId: publisher.id }, moderator.token)).kickUser.banned).toBe(true);
    expect((await gqlOk(app.url, KICK, { roomSlug: room, userId: mod2.id }, owner.token)).kickUser.banned).toBe(true);
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: room }, mod2.token)).toBe("BANNED");
    // A banned user cannot be handed a role until unbanned.
    expect(await gqlErrorCode(app.url, `mutation($r: String!, $u: ID!) { setRoomRole(roomSlug: $r, userId: $u, role: PUBLISHER) { role } }`, { r: room, u: mod2.id }, owner.token)).toBe("CONFLICT");
  });

  it("rejects an over-long kick reason", async () => {
    const response = await gql(app.url, KICK, { roomSlug: slug, userId: outsider.id, reason: "r".repeat(501) }, owner.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
  });
});
