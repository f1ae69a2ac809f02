// Who may kick and unban whom, where admins stand, and what a caller without rights can learn.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { PASSWORD, createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned } }`;
const UNBAN = `mutation($roomSlug: String!, $userId: ID!) { unbanUser(roomSlug: $roomSlug, userId: $userId) }`;
const JOIN = `query($roomSlug: String!) { joinToken(roomSlug: $roomSlug) { role } }`;
const BANS = `query($slug: String!) { room(slug: $slug) { bans { user { id } bannedBy { id } } } }`;

describe.each(TEST_DATABASES)("moderation rights on %s", (database) => {
  const adminEmail = `admin-${database}-${process.pid}@example.com`;
  let app: TestApp;
  let owner: SignedUpUser, moderator: SignedUpUser, member: SignedUpUser, target: SignedUpUser;
  let admin: { id: string; token: string };
  let slug: string;

  beforeAll(async () => {
    app = await startTestApp({ database, env: { ADMIN_EMAILS: adminEmail } });
    [owner, moderator, member, target] = await Promise.all(["owner", "moderator", "member", "target"].map((name) => signUp(app.url, name)));
    const registered = await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token user { id isAdmin } } }`, {
      input: { email: adminEmail, password: PASSWORD },
    });
    expect(registered.register.user.isAdmin).toBe(true);
    admin = { id: registered.register.user.id, token: registered.register.token };
    slug = (await createRoom(app.url, owner.token, { name: "Rights" })).slug;
    await setRole(app.url, owner.token, slug, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, slug, member.id, "PUBLISHER");
  });
  afterAll(() => app?.stop());

  it.each([
    ["an existing user", () => target.id],
    ["an unknown uuid", () => randomUUID()],
    ["a malformed id", () => "not-a-user"],
  ])("answers FORBIDDEN (never NOT_FOUND) to a non-moderator kicking or unbanning %s", async (_what, userId) => {
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: slug, userId: userId() }, member.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, UNBAN, { roomSlug: slug, userId: userId() }, member.token)).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for an unknown user only to someone who may moderate", async () => {
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: slug, userId: randomUUID() }, moderator.token)).toBe("NOT_FOUND");
    expect(await gqlErrorCode(app.url, UNBAN, { roomSlug: slug, userId: randomUUID() }, moderator.token)).toBe("NOT_FOUND");
  });

  it("does not let a moderator kick an admin", async () => {
    expect(await gqlErrorCode(app.url, KICK, { roomSlug: slug, userId: admin.id }, moderator.token)).toBe("FORBIDDEN");
    expect((await gqlOk(app.url, JOIN, { roomSlug: slug }, admin.token)).joinToken.role).toBe("MODERATOR");
  });

  it("lets the owner ban an admin from the room: the admin gets BANNED for credentials but still moderates it", async () => {
    expect((await gqlOk(app.url, KICK, { roomSlug: slug, userId: admin.id }, owner.token)).kickUser.banned).toBe(true);
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: slug }, admin.token)).toBe("BANNED");
    expect((await gqlOk(app.url, KICK, { roomSlug: slug, userId: target.id }, admin.token)).kickUser.banned).toBe(true);
    expect((await gqlOk(app.url, UNBAN, { roomSlug: slug, userId: target.id }, admin.token)).unbanUser).toBe(true);
    expect((await gqlOk(app.url, UNBAN, { roomSlug: slug, userId: admin.id }, admin.token)).unbanUser).toBe(true);
    expect((await gqlOk(app.url, JOIN, { roomSlug: slug }, admin.token)).joinToken.role).toBe("MODERATOR");
  });

  it("keeps a ban with bannedBy null once the moderator's account is deleted", async () => {
    const [gone, banned] = await Promise.all(["gone", "banned"].map((name) => signUp(app.url, name)));
    await setRole(app.url, owner.token, slug, gone.id, "MODERATOR");
    await gqlOk(app.url, KICK, { roomSlug: slug, userId: banned.id }, gone.token);
    await app.services.db.run((manager) => manager.query(`DELETE FROM users WHERE id = $1`, [gone.id]));
    const bans = (await gqlOk(app.url, BANS, { slug }, owner.token)).room.bans;
    expect(bans).toContainEqual({ user: { id: banned.id }, bannedBy: null });
    expect(await gqlErrorCode(app.url, JOIN, { roomSlug: slug }, banned.token)).toBe("BANNED");
  });
});
