import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlOk } from "../support/graphql-client.js";
import { CREATE_API_TOKEN, createApiToken } from "../support/api-tokens.js";
import { createRoom, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const MY_ROOMS = `{ myRooms { slug } }`;
const CREATE_ROOM = `mutation($name: String!) { createRoom(input: { name: $name }) { slug owner { id } } }`;
const API_TOKENS = `{ apiTokens { id name scopes lastUsedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) }`;

describe.each(TEST_DATABASES)("API tokens on %s", (database) => {
  let app: TestApp;
  let owner: SignedUpUser;
  beforeAll(async () => {
    app = await startTestApp({ database });
    owner = await signUp(app.url, "token-owner");
  });
  afterAll(() => app?.stop());

  it("shows the secret once, prefixed roomkey_, and stores only its SHA-256", async () => {
    const created = (await gqlOk(app.url, CREATE_API_TOKEN, { input: { name: " dashboard ", scopes: ["ROOMS_READ", "MODERATE"] } }, owner.token))
      .createApiToken;
    expect(created.secret).toMatch(/^roomkey_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken).toMatchObject({ name: "dashboard", scopes: ["ROOMS_READ", "MODERATE"], expiresAt: null, lastUsedAt: null });
    const rows = await app.services.db.run((m) => m.query(`SELECT * FROM api_tokens WHERE id = $1`, [created.apiToken.id]));
    expect(Buffer.from(rows[0].token_hash).equals(createHash("sha256").update(created.secret).digest())).toBe(true);
    expect(JSON.stringify(rows[0])).not.toContain(created.secret.slice(8));
    const listed = (await gqlOk(app.url, API_TOKENS, {}, owner.token)).apiTokens;
    expect(listed).toContainEqual({ id: created.apiToken.id, name: "dashboard", scopes: ["ROOMS_READ", "MODERATE"], lastUsedAt: null });
  });

  it("lets a ROOMS_READ token read rooms as its owner but refuses createRoom with FORBIDDEN naming ROOMS_WRITE", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Read me" });
    const { secret } = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    expect((await gqlOk(app.url, MY_ROOMS, {}, secret)).myRooms).toContainEqual({ slug: room.slug });
    const refused = await gql(app.url, CREATE_ROOM, { name: "Not allowed" }, secret);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.errors?.[0]?.message).toContain("ROOMS_WRITE");
  });

  it("lets a ROOMS_WRITE token create a room owned by the token's owner, but not read members without ROOMS_READ", async () => {
    const { secret } = await createApiToken(app.url, owner.token, ["ROOMS_WRITE"]);
    const created = (await gqlOk(app.url, CREATE_ROOM, { name: "Made by a script" }, secret)).createRoom;
    expect(created.owner.id).toBe(owner.id);
    const members = await gql(app.url, `mutation { createRoom(input: { name: "x" }) { members { role } } }`, {}, secret);
    expect(members.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(members.errors?.[0]?.message).toContain("ROOMS_READ");
  });

  it("answers UNAUTHENTICATED (HTTP 401) to a revoked token on its very next request", async () => {
    const { secret, id } = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    await gqlOk(app.url, MY_ROOMS, {}, secret);
    expect((await gqlOk(app.url, REVOKE, { id }, owner.token)).revokeApiToken).toBe(true);
    const after = await gql(app.url, MY_ROOMS, {}, secret);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gqlOk(app.url, REVOKE, { id }, owner.token)).revokeApiToken).toBe(false);
  });

  it("answers UNAUTHENTICATED to an expired token and to an unknown roomkey_ secret", async () => {
    const { secret, id } = await createApiToken(app.url, owner.token, ["ROOMS_READ"], { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await gqlOk(app.url, MY_ROOMS, {}, secret);
    await app.services.db.run((m) => m.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]));
    expect((await gql(app.url, MY_ROOMS, {}, secret)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, MY_ROOMS, {}, `roomkey_${"A".repeat(43)}`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, MY_ROOMS, {}, "roomkey_short")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an expiry in the past, an empty scope list and the ADMIN scope for a non-admin", async () => {
    const past = await gql(app.url, CREATE_API_TOKEN, { input: { name: "old", scopes: ["ROOMS_READ"], expiresAt: "2020-01-01T00:00:00Z" } }, owner.token);
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresAt" });
    const none = await gql(app.url, CREATE_API_TOKEN, { input: { name: "none", scopes: [] } }, owner.token);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "scopes" });
    const admin = await gql(app.url, CREATE_API_TOKEN, { input: { name: "admin", scopes: ["ADMIN"] } }, owner.token);
    expect(admin.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("does not let an API token create, list or revoke API tokens, even with every scope", async () => {
    const { secret, id } = await createApiToken(app.url, owner.token, ["ROOMS_READ", "ROOMS_WRITE", "MODERATE", "JOIN_TOKENS"]);
    for (const [query, variables] of [
      [CREATE_API_TOKEN, { input: { name: "minted", scopes: ["ROOMS_READ"] } }],
      [API_TOKENS, {}],
      [REVOKE, { id }],
      [`mutation { logOutEverywhere }`, {}],
      [`mutation { logOut }`, {}],
      [`mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: owner.email, password: "correct horse battery staple" } }],
    ] as const) {
      const response = await gql(app.url, query, variables, secret);
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(response.errors?.[0]?.message).toMatch(/signed-in session/);
    }
    const rows = await app.services.db.run((m) => m.query(`SELECT name FROM api_tokens WHERE user_id = $1 AND name = 'minted'`, [owner.id]));
    expect(rows).toEqual([]);
    expect((await gqlOk(app.url, `{ me { id } }`, {}, secret)).me).toEqual({ id: owner.id });
  });

  it("acts as the owner for joinToken with JOIN_TOKENS and refuses it without", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Join me" });
    const JOIN = `query($slug: String!) { joinToken(roomSlug: $slug) { role claims { sub } } }`;
    const join = await createApiToken(app.url, owner.token, ["JOIN_TOKENS"]);
    expect((await gqlOk(app.url, JOIN, { slug: room.slug }, join.secret)).joinToken).toEqual({ role: "OWNER", claims: { sub: owner.id } });
    const read = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    const refused = await gql(app.url, JOIN, { slug: room.slug }, read.secret);
    expect(refused.errors?.[0]?.message).toContain("JOIN_TOKENS");
  });

  it("records lastUsedAt on use without writing it again within a minute", async () => {
    const { secret, id } = await createApiToken(app.url, owner.token, ["ROOMS_READ"]);
    const lastUsed = async () => (await app.services.db.run((m) => m.query(`SELECT last_used_at FROM api_tokens WHERE id = $1`, [id])))[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    await gqlOk(app.url, MY_ROOMS, {}, secret);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await gqlOk(app.url, MY_ROOMS, {}, secret);
    expect(await lastUsed()).toEqual(first);
    await app.services.db.run((m) => m.query(`UPDATE api_tokens SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [id]));
    const stale = await lastUsed();
    await gqlOk(app.url, MY_ROOMS, {}, secret);
    expect((await lastUsed()).getTime()).toBeGreaterThan(stale.getTime());
  });
});
