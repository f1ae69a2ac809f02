// Two server processes (the built server, as `npm start` runs it) on ONE PostgreSQL database, as
// behind a load balancer: what one instance changes, the other enforces on the very next request,
// and the login-failure limits are one count across both.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { createTestDatabase } from "../support/postgres.js";
import { createRoom, PASSWORD, setRole, signUp } from "../support/scenario.js";
import { buildOnce, spawnServer, type ServerProcess } from "../support/server-process.js";

const JOIN = `query($slug: String!) { joinToken(roomSlug: $slug) { role claims { kickUsers } } }`;
const KICK = `mutation($slug: String!, $userId: ID!) { kickUser(roomSlug: $slug, userId: $userId) { banned } }`;

describe("two instances on one PostgreSQL database", () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];
  let one: string;
  let two: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-two-"));
    database = await createTestDatabase();
    await buildOnce();
    const env = {
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      DATA_DIR: dataDir, // one signing key for both, as a real deployment shares AUTH_KEY_PRIVATE
      LOGIN_MAX_FAILURES: "10",
      AUTH_ATTEMPTS_PER_MINUTE: "1000",
    };
    // One after the other: the first applies the migrations and writes the key the second reads.
    servers.push(spawnServer(env));
    one = await servers[0]!.listening;
    servers.push(spawnServer(env));
    two = await servers[1]!.listening;
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) server.child.kill("SIGTERM");
    await Promise.all(servers.map((server) => server.exited));
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("runs two separate processes", () => {
    expect(one).not.toBe(two);
    expect(servers[0]!.child.pid).not.toBe(servers[1]!.child.pid);
  });

  it("enforces a ban made through one instance on the other's next request", async () => {
    const owner = await signUp(one, "owner");
    const member = await signUp(two, "member");
    const { slug } = await createRoom(one, owner.token, { entryMode: "OPEN" });
    expect((await gqlOk(two, JOIN, { slug }, member.token)).joinToken.role).toBe("PUBLISHER");
    expect((await gqlOk(one, KICK, { slug, userId: member.id }, owner.token)).kickUser.banned).toBe(true);
    expect(await gqlErrorCode(two, JOIN, { slug }, member.token)).toBe("BANNED");
  });

  it("enforces a role change made through one instance on the other's next request", async () => {
    const owner = await signUp(two, "owner");
    const helper = await signUp(one, "helper");
    const { slug } = await createRoom(two, owner.token, { entryMode: "MEMBERS" });
    expect(await gqlErrorCode(one, JOIN, { slug }, helper.token)).toBe("FORBIDDEN");
    await setRole(one, owner.token, slug, helper.id, "MODERATOR");
    expect((await gqlOk(two, JOIN, { slug }, helper.token)).joinToken).toEqual({ role: "MODERATOR", claims: { kickUsers: true } });
    await setRole(two, owner.token, slug, helper.id, "SUBSCRIBER");
    expect((await gqlOk(one, JOIN, { slug }, helper.token)).joinToken).toEqual({ role: "SUBSCRIBER", claims: { kickUsers: false } });
  });

  it("refuses a session logged out through one instance on the other's next request", async () => {
    const user = await signUp(one, "leaver");
    expect((await gqlOk(two, `{ me { id } }`, {}, user.token)).me.id).toBe(user.id);
    expect((await gqlOk(one, `mutation { logOut }`, {}, user.token)).logOut).toBe(true);
    const refused = await gql(two, `{ me { id } }`, {}, user.token);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("counts login failures across both: 7 wrong passwords on each at once check 10 (LOGIN_MAX_FAILURES) and refuse 4", async () => {
    const victim = await signUp(one, "victim");
    const wrong = (url: string) => gql(url, `mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: victim.email, password: "a wrong password!" } });
    const answers = await Promise.all([...Array.from({ length: 7 }, () => wrong(one)), ...Array.from({ length: 7 }, () => wrong(two))]);
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code);
    // UNAUTHENTICATED = the password was checked against the hash; RATE_LIMITED answers check nothing
    // (test/api/abuse-limits.test.ts counts the argon2 calls behind both answers).
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(10);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(4);
    const right = await gql(two, `mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: victim.email, password: PASSWORD } });
    expect(right.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });
});
