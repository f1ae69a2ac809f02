// joinToken's fast path (prepared statements, skipped client writes) caches nothing: what one
// server process changes, another decides by on the very next request.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const JOIN = `query($roomSlug: String!, $clientId: String) { joinToken(roomSlug: $roomSlug, clientId: $clientId) { role claims { sub kickUsers } } }`;
const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned } }`;

// PostgreSQL only: two processes cannot share one PGlite folder.
describe("two server instances on one PostgreSQL database", () => {
  let first: TestApp, second: TestApp;
  let owner: SignedUpUser, member: SignedUpUser;
  let slug: string;

  beforeAll(async () => {
    first = await startTestApp({ database: "postgres" });
    second = await startTestApp({ database: "postgres", env: { DATABASE_URL: first.services.config.databaseUrl! } });
    owner = await signUp(first.url, "owner");
    member = await signUp(first.url, "member");
    slug = (await createRoom(first.url, owner.token, { name: "Shared", entryMode: "MEMBERS" })).slug;
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const joinThroughSecond = (token: string) => gql(second.url, JOIN, { roomSlug: slug, clientId: "sfu-1" }, token);

  it("applies a role change, a kick and a log-out made through one instance on the next joinToken through the other", async () => {
    await setRole(first.url, owner.token, slug, member.id, "PUBLISHER");
    expect((await joinThroughSecond(member.token)).data?.joinToken).toMatchObject({ role: "PUBLISHER", claims: { kickUsers: false } });

    await setRole(first.url, owner.token, slug, member.id, "MODERATOR");
    expect((await joinThroughSecond(member.token)).data?.joinToken).toMatchObject({ role: "MODERATOR", claims: { kickUsers: true } });

    await gqlOk(first.url, KICK, { roomSlug: slug, userId: member.id }, owner.token);
    expect((await joinThroughSecond(member.token)).errors?.[0]?.extensions?.code).toBe("BANNED");

    await gqlOk(first.url, `mutation { logOut }`, {}, owner.token);
    const afterLogOut = await joinThroughSecond(owner.token);
    expect(afterLogOut.data?.joinToken ?? null).toBeNull(); // the session is gone: no owner token from the other instance
    expect(afterLogOut.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
