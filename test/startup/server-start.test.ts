// The README's start command, for real: the built server as a child process.
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import pg from "pg";
import { gqlOk } from "../support/graphql-client.js";
import { createTestDatabase } from "../support/postgres.js";
import { PASSWORD } from "../support/scenario.js";
import { buildOnce, spawnServer } from "../support/server-process.js";


describe("starting the server", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-start-"));
    await buildOnce();
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("serves GraphQL on embedded PGlite stored under the data folder, and stops cleanly on SIGTERM", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const url = await server.listening;
      expect(await gqlOk(url, "{ __typename }")).toEqual({ __typename: "Query" });
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: "ready", database: "pglite" });
      expect((await stat(path.join(dataDir, "pglite"))).isDirectory()).toBe(true);
      expect((await stat(path.join(dataDir, "keys", "public.der"))).isFile()).toBe(true);

      // A request in flight when SIGTERM arrives still gets its answer (argon2 makes it take a while).
      const inFlight = gqlOk(url, `mutation { register(input: { email: "late@example.com", password: "${PASSWORD}" }) { user { id } } }`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      server.child.kill("SIGTERM");
      await expect(inFlight).resolves.toMatchObject({ register: { user: { id: expect.any(String) } } });
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
    }
  }, 60_000);

  it("keeps its PGlite data across restarts", async () => {
    const server = spawnServer({ DATA_DIR: dataDir });
    try {
      const url = await server.listening;
      const data = await gqlOk(url, `mutation { logIn(input: { email: "late@example.com", password: "${PASSWORD}" }) { user { email } } }`);
      expect(data.logIn.user.email).toBe("late@example.com");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }, 60_000);

  it("uses real PostgreSQL when DATABASE_URL is set, and the data lands there", async () => {
    const database = await createTestDatabase();
    const server = spawnServer({ DATA_DIR: dataDir, DATABASE_URL: database.url });
    try {
      const url = await server.listening;
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: "ready", database: "postgres" });
      await gqlOk(url, `mutation { register(input: { email: "pg@example.com", password: "${PASSWORD}" }) { token } }`);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query("SELECT email FROM users");
      await client.end();
      expect(rows).toEqual([{ email: "pg@example.com" }]);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await database.drop();
    }
  }, 60_000);

  it("refuses a production start without AUTH_KEY_PRIVATE, naming the variable", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toContain("AUTH_KEY_PRIVATE");
  }, 60_000);

  it("refuses a production start with an unreadable key, naming the variable and the path", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, NODE_ENV: "production", AUTH_KEY_PRIVATE: "/nonexistent/key.pem" });
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toMatch(/AUTH_KEY_PRIVATE[\s\S]*\/nonexistent\/key\.pem/);
  }, 60_000);

  it("refuses to start on a non-loopback HOST without NODE_ENV, exiting 78 and naming NODE_ENV", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, HOST: "0.0.0.0" });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/NODE_ENV is not set and HOST=0\.0\.0\.0/);
  }, 60_000);

  it("refuses to start when REDIS_URL names an unreachable Redis, naming the variable but not its password", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, REDIS_URL: "redis://:hunter2-redis-password@127.0.0.1:1" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/REDIS_URL: cannot connect to Redis \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
    expect(server.output()).not.toContain("hunter2-redis-password");
  }, 60_000);

  it("exits with a clear message on a bad environment value", async () => {
    const server = spawnServer({ DATA_DIR: dataDir, PORT: "not-a-port" });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/Invalid environment:[\s\S]*PORT/);
  }, 60_000);
});
