import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createApiToken } from "../support/api-tokens.js";
import { PASSWORD, createRoom, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const ADMIN_EMAIL = "listings-admin@example.com";
const ROOMS = `query($first: Int, $after: String, $search: String, $ownerId: ID, $entryMode: EntryMode) {
  rooms(first: $first, after: $after, search: $search, ownerId: $ownerId, entryMode: $entryMode) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug name entryMode owner { id } } } nodes { slug }
  }
}`;
const USERS = `query($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) { totalCount pageInfo { hasNextPage endCursor } nodes { id email displayName isAdmin } }
}`;
const SET_ADMIN = `mutation($userId: ID!, $isAdmin: Boolean!) { setUserAdmin(userId: $userId, isAdmin: $isAdmin) { id isAdmin } }`;

describe.each(TEST_DATABASES)("admin listings on %s", (database) => {
  let app: TestApp;
  let admin: SignedUpUser;
  let owner: SignedUpUser;
  beforeAll(async () => {
    app = await startTestApp({ database, env: { ADMIN_EMAILS: ADMIN_EMAIL } });
    const registered = await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token user { id isAdmin } } }`, {
      input: { email: ADMIN_EMAIL, password: PASSWORD, displayName: "Chief" },
    });
    expect(registered.register.user.isAdmin).toBe(true);
    admin = { id: registered.register.user.id, email: ADMIN_EMAIL, token: registered.register.token };
    owner = await signUp(app.url, "lister");
  });
  afterAll(() => app?.stop());

  it("answers FORBIDDEN to non-admins on users and rooms, by session and by API token", async () => {
    const { secret } = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    for (const token of [owner.token, secret]) {
      expect((await gql(app.url, ROOMS, {}, token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await gql(app.url, USERS, {}, owner.token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(app.url, ROOMS, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("pages three at a time through seven matching rooms while others are inserted, returning each exactly once", async () => {
    const tag = `keyset${database}`;
    const matching: string[] = [];
    for (let i = 1; i <= 7; i++) matching.push((await createRoom(app.url, owner.token, { name: `${tag} ${i}` })).slug);
    const seen: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    let inserted = 0;
    for (let page = 0; page < 5; page++) {
      const result: any = (await gqlOk(app.url, ROOMS, { first: 3, after, search: tag }, admin.token)).rooms;
      totals.push(result.totalCount);
      seen.push(...result.nodes.map((node: { slug: string }) => node.slug));
      expect(result.edges.map((edge: any) => edge.node.slug)).toEqual(result.nodes.map((node: any) => node.slug));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
      // Between pages: one more matching room (newer, so before the cursor) and an unrelated one.
      await createRoom(app.url, owner.token, { name: `${tag} late ${++inserted}` });
      await createRoom(app.url, admin.token, { name: `unrelated ${inserted}` });
    }
    expect(seen).toEqual([...matching].reverse());
    expect(totals).toEqual([7, 8, 9]);
  });

  it("pages one at a time through rooms a microsecond apart and rooms created in the same instant (ties broken by id)", async () => {
    const tag = `tie${database}`;
    const times = ["2020-01-01T00:00:00.000001Z", "2020-01-01T00:00:00.000002Z", "2020-01-01T00:00:00.000002Z", "2020-01-01T00:00:00.000003Z"];
    await app.services.db.transaction(async (manager) => {
      for (const [i, at] of times.entries()) {
        await manager.query(`INSERT INTO rooms (slug, name, owner_id, created_at) VALUES ($1, $2, $3, $4)`, [`${tag}-${i}`, `${tag} ${i}`, owner.id, at]);
      }
    });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result: any = (await gqlOk(app.url, ROOMS, { first: 1, after, search: tag }, admin.token)).rooms;
      seen.push(...result.nodes.map((node: { slug: string }) => node.slug));
      after = result.pageInfo.hasNextPage ? result.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3].map((i) => `${tag}-${i}`)));
    expect(seen[0]).toBe(`${tag}-3`);
    expect(seen[3]).toBe(`${tag}-0`);
  });

  it("filters rooms by name or slug, owner and entry mode", async () => {
    const mine = await createRoom(app.url, owner.token, { name: "Filter Quartz", entryMode: "CLOSED" });
    await createRoom(app.url, admin.token, { name: "Filter Quartz too", entryMode: "OPEN" });
    const bySearch = (await gqlOk(app.url, ROOMS, { search: "QUARTZ" }, admin.token)).rooms;
    expect(bySearch.totalCount).toBe(2);
    const byOwner = (await gqlOk(app.url, ROOMS, { search: "quartz", ownerId: owner.id }, admin.token)).rooms;
    expect(byOwner.nodes).toEqual([{ slug: mine.slug }]);
    const byMode = (await gqlOk(app.url, ROOMS, { search: "quartz", entryMode: "CLOSED" }, admin.token)).rooms;
    expect(byMode.edges[0].node).toMatchObject({ slug: mine.slug, entryMode: "CLOSED", owner: { id: owner.id } });
    expect((await gqlOk(app.url, ROOMS, { search: "100%_literal" }, admin.token)).rooms.totalCount).toBe(0);
  });

  it("lists users matching email or display name, with their emails, to admins", async () => {
    const found = (await gqlOk(app.url, USERS, { search: owner.email.toUpperCase() }, admin.token)).users;
    expect(found).toMatchObject({ totalCount: 1, nodes: [{ id: owner.id, email: owner.email, displayName: "lister", isAdmin: false }] });
    const byName = (await gqlOk(app.url, USERS, { search: "chie" }, admin.token)).users;
    expect(byName.nodes.map((user: { id: string }) => user.id)).toEqual([admin.id]);
  });

  it("caps first at 100 and refuses cursors it did not hand out, with BAD_USER_INPUT", async () => {
    for (const first of [101, 0, -1]) {
      expect((await gql(app.url, ROOMS, { first }, admin.token)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    for (const after of ["nonsense", Buffer.from('["2026-01-01","x"]').toString("base64url"), ""]) {
      expect((await gql(app.url, USERS, { after }, admin.token)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
    expect((await gqlOk(app.url, ROOMS, { first: 100 }, admin.token)).rooms.nodes.length).toBeGreaterThan(0);
  });

  it("lets an admin's ROOMS_READ token list rooms and ADMIN token list users, only while the owner is an admin", async () => {
    const helper = await signUp(app.url, "helper-admin");
    await gqlOk(app.url, SET_ADMIN, { userId: helper.id, isAdmin: true }, admin.token);
    const read = await createApiToken(app.url, helper.token, ["ROOMS_READ"]);
    const adminToken = await createApiToken(app.url, helper.token, ["ADMIN"]);
    expect((await gqlOk(app.url, ROOMS, { first: 1 }, read.secret)).rooms.totalCount).toBeGreaterThan(0);
    expect((await gql(app.url, USERS, {}, read.secret)).errors?.[0]?.message).toContain("ADMIN");
    expect((await gqlOk(app.url, USERS, { search: helper.email }, adminToken.secret)).users.totalCount).toBe(1);

    expect((await gqlOk(app.url, SET_ADMIN, { userId: helper.id, isAdmin: false }, admin.token)).setUserAdmin).toEqual({ id: helper.id, isAdmin: false });
    expect((await gql(app.url, USERS, {}, adminToken.secret)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(app.url, ROOMS, {}, read.secret)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("lets an admin revoke anyone's API token, while other users get false", async () => {
    const { secret, id } = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    const stranger = await signUp(app.url, "stranger");
    const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) }`;
    expect((await gqlOk(app.url, REVOKE, { id }, stranger.token)).revokeApiToken).toBe(false);
    await gqlOk(app.url, `{ myRooms { slug } }`, {}, secret);
    expect((await gqlOk(app.url, REVOKE, { id }, admin.token)).revokeApiToken).toBe(true);
    expect((await gql(app.url, `{ myRooms { slug } }`, {}, secret)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("lets only admins grant admin rights", async () => {
    const other = await signUp(app.url, "wannabe");
    expect((await gql(app.url, SET_ADMIN, { userId: other.id, isAdmin: true }, other.token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(app.url, SET_ADMIN, { userId: "not-a-uuid", isAdmin: true }, admin.token)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await gqlOk(app.url, `{ me { isAdmin } }`, {}, other.token)).me.isAdmin).toBe(false);
  });
});
