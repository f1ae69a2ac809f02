import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createApiToken } from "../support/api-tokens.js";
import { PASSWORD, createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const ADMIN_EMAIL = "audit-admin@example.com";
const AUDIT = `query($roomSlug: String, $actorId: ID, $action: AuditAction, $first: Int) {
  auditLog(roomSlug: $roomSlug, actorId: $actorId, action: $action, first: $first) {
    totalCount nodes { id action at roomSlug details actor { id } targetUser { id } }
  }
}`;
const KICK = `mutation($roomSlug: String!, $userId: ID!, $reason: String) { kickUser(roomSlug: $roomSlug, userId: $userId, reason: $reason) { banned } }`;
const UNBAN = `mutation($roomSlug: String!, $userId: ID!) { unbanUser(roomSlug: $roomSlug, userId: $userId) }`;

describe.each(TEST_DATABASES)("audit log on %s", (database) => {
  let app: TestApp;
  let admin: SignedUpUser;
  let owner: SignedUpUser;
  let moderator: SignedUpUser;
  let member: SignedUpUser;
  const auditRows = async (roomSlug: string) =>
    (await app.services.db.run((m) => m.query(`SELECT action FROM audit_events WHERE room_slug = $1 ORDER BY created_at, id`, [roomSlug]))).map(
      (row: { action: string }) => row.action,
    );

  beforeAll(async () => {
    app = await startTestApp({ database, env: { ADMIN_EMAILS: ADMIN_EMAIL } });
    const registered = await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }`, {
      input: { email: ADMIN_EMAIL, password: PASSWORD },
    });
    admin = { id: registered.register.user.id, email: ADMIN_EMAIL, token: registered.register.token };
    owner = await signUp(app.url, "audit-owner");
    moderator = await signUp(app.url, "audit-moderator");
    member = await signUp(app.url, "audit-member");
  });
  afterAll(() => app?.stop());

  it("shows a kick with actor, target, time and reason to the room's owner, moderators and admins", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Kick trail" });
    await setRole(app.url, owner.token, room.slug, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, room.slug, member.id, "PUBLISHER");
    const before = Date.now();
    await gqlOk(app.url, KICK, { roomSlug: room.slug, userId: member.id, reason: "spam" }, moderator.token);

    for (const reader of [owner, moderator, admin]) {
      const kicks = (await gqlOk(app.url, AUDIT, { roomSlug: room.slug, action: "USER_KICKED" }, reader.token)).auditLog;
      expect(kicks.totalCount).toBe(1);
      const [event] = kicks.nodes;
      expect(event).toMatchObject({ action: "USER_KICKED", roomSlug: room.slug, actor: { id: moderator.id }, targetUser: { id: member.id } });
      expect(JSON.parse(event.details)).toEqual({ reason: "spam", previousRole: "PUBLISHER" });
      expect(new Date(event.at).getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(new Date(event.at).getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    }
    const outsider = await gql(app.url, AUDIT, { roomSlug: room.slug }, member.token);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("leaves no row for a refused or failed kick", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Refused kick" });
    await setRole(app.url, owner.token, room.slug, moderator.id, "MODERATOR");
    const other = await signUp(app.url, "second-moderator");
    await setRole(app.url, owner.token, room.slug, other.id, "MODERATOR");
    const before = await auditRows(room.slug);

    const refused = await gql(app.url, KICK, { roomSlug: room.slug, userId: other.id, reason: "rival" }, moderator.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const byOutsider = await gql(app.url, KICK, { roomSlug: room.slug, userId: other.id }, member.token);
    expect(byOutsider.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const unknownUser = await gql(app.url, KICK, { roomSlug: room.slug, userId: "00000000-0000-4000-8000-000000000000" }, owner.token);
    expect(unknownUser.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await auditRows(room.slug)).toEqual(before);
  });

  it("records a room's life: created, updated, role changed, kicked, unbanned, deleted — and keeps the slug after deletion", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Whole life" });
    await gqlOk(app.url, `mutation($slug: String!) { updateRoom(slug: $slug, input: { entryMode: MEMBERS }) { slug } }`, { slug: room.slug }, owner.token);
    await setRole(app.url, owner.token, room.slug, member.id, "SUBSCRIBER");
    await gqlOk(app.url, KICK, { roomSlug: room.slug, userId: member.id, reason: "noise" }, owner.token);
    expect((await gqlOk(app.url, UNBAN, { roomSlug: room.slug, userId: member.id }, owner.token)).unbanUser).toBe(true);
    expect((await gqlOk(app.url, UNBAN, { roomSlug: room.slug, userId: member.id }, owner.token)).unbanUser).toBe(false);
    await gqlOk(app.url, `mutation($slug: String!) { deleteRoom(slug: $slug) }`, { slug: room.slug }, owner.token);

    const trail = (await gqlOk(app.url, AUDIT, { roomSlug: room.slug }, admin.token)).auditLog.nodes;
    expect(trail.map((event: { action: string }) => event.action)).toEqual([
      "ROOM_DELETED",
      "USER_UNBANNED",
      "USER_KICKED",
      "ROLE_CHANGED",
      "ROOM_UPDATED",
      "ROOM_CREATED",
    ]);
    const byAction = Object.fromEntries(trail.map((event: { action: string; details: string }) => [event.action, JSON.parse(event.details)]));
    expect(byAction.ROOM_UPDATED).toEqual({ changes: { entryMode: { from: "OPEN", to: "MEMBERS" } } });
    expect(byAction.ROLE_CHANGED).toEqual({ from: null, to: "SUBSCRIBER" });
    expect(byAction.USER_UNBANNED).toEqual({ banReason: "noise" });
    // The room is gone: only admins can still read its trail.
    expect((await gql(app.url, AUDIT, { roomSlug: room.slug }, owner.token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("records API tokens created and revoked, and admin rights granted by ADMIN_EMAILS (no actor) and by an admin", async () => {
    const { id } = await createApiToken(app.url, owner.token, ["ROOMS_READ"], { name: "audited" });
    await gqlOk(app.url, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id }, owner.token);
    const tokens = (await gqlOk(app.url, AUDIT, { actorId: owner.id }, admin.token)).auditLog.nodes.filter((event: { action: string }) =>
      event.action.startsWith("API_TOKEN"),
    );
    expect(tokens.map((event: { action: string; targetUser: { id: string } }) => [event.action, event.targetUser.id])).toEqual([
      ["API_TOKEN_REVOKED", owner.id],
      ["API_TOKEN_CREATED", owner.id],
    ]);
    expect(JSON.parse(tokens[1].details)).toMatchObject({ apiTokenId: id, name: "audited", scopes: ["ROOMS_READ"] });

    await gqlOk(app.url, `mutation($id: ID!) { setUserAdmin(userId: $id, isAdmin: true) { id } }`, { id: member.id }, admin.token);
    await gqlOk(app.url, `mutation($id: ID!) { setUserAdmin(userId: $id, isAdmin: false) { id } }`, { id: member.id }, admin.token);
    const grants = (await gqlOk(app.url, AUDIT, { action: "ADMIN_GRANTED" }, admin.token)).auditLog.nodes;
    expect(grants).toContainEqual(expect.objectContaining({ actor: null, targetUser: { id: admin.id }, details: JSON.stringify({ source: "ADMIN_EMAILS" }) }));
    expect(grants).toContainEqual(expect.objectContaining({ actor: { id: admin.id }, targetUser: { id: member.id } }));
    const revokes = (await gqlOk(app.url, AUDIT, { action: "ADMIN_REVOKED", actorId: admin.id }, admin.token)).auditLog;
    expect(revokes.nodes.map((event: { targetUser: { id: string } }) => event.targetUser.id)).toEqual([member.id]);
  });

  it("shows the owner of a room that reuses a deleted room's slug only the new room's events; admins see both", async () => {
    const slug = `reused-${database}-${Date.now()}`;
    await createRoom(app.url, owner.token, { name: "First holder", slug });
    await setRole(app.url, owner.token, slug, member.id, "SUBSCRIBER");
    await gqlOk(app.url, KICK, { roomSlug: slug, userId: member.id, reason: "private reason" }, owner.token);
    await gqlOk(app.url, `mutation($slug: String!) { deleteRoom(slug: $slug) }`, { slug }, owner.token);

    const newcomer = await signUp(app.url, "slug-newcomer");
    await createRoom(app.url, newcomer.token, { name: "Second holder", slug });
    const seen = (await gqlOk(app.url, AUDIT, { roomSlug: slug }, newcomer.token)).auditLog;
    expect(seen.nodes.map((event: { action: string }) => event.action)).toEqual(["ROOM_CREATED"]);
    expect(seen.totalCount).toBe(1);
    const all = (await gqlOk(app.url, AUDIT, { roomSlug: slug }, admin.token)).auditLog.nodes.map((event: { action: string }) => event.action);
    expect(all).toEqual(["ROOM_CREATED", "ROOM_DELETED", "USER_KICKED", "ROLE_CHANGED", "ROOM_CREATED"]);
  });

  it("keeps the whole log to admins: others need a room they own or moderate", async () => {
    expect((await gql(app.url, AUDIT, {}, owner.token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(app.url, AUDIT, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gqlOk(app.url, AUDIT, { first: 2 }, admin.token)).auditLog.nodes).toHaveLength(2);
    const { secret } = await createApiToken(app.url, owner.token, ["MODERATE"]);
    expect((await gql(app.url, AUDIT, { roomSlug: "anything" }, secret)).errors?.[0]?.message).toContain("ROOMS_READ");
  });

  it("refuses to change or delete audit rows, even by hand", async () => {
    for (const statement of [`UPDATE audit_events SET action = 'ROOM_CREATED'`, `DELETE FROM audit_events`, `TRUNCATE audit_events`]) {
      await expect(app.services.db.run((m) => m.query(statement))).rejects.toThrow(/append-only/);
    }
  });
});
