// WEB_CONCURRENCY: the built server as a cluster of worker processes on one PostgreSQL database.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase } from "../support/postgres.js";
import { buildOnce, spawnServer, type ServerProcess } from "../support/server-process.js";

/** Live child processes of `pid` (the cluster's workers), from /proc. */
function childPids(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(ppid) === pid && state !== "Z";
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** `{ __typename }` on a fresh connection each time, so the primary hands every request to a worker anew. */
function typename(baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/graphql`, { method: "POST", agent: false, headers: { "content-type": "application/json" } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve(`${response.statusCode} ${body}`));
    });
    request.on("error", reject);
    request.end(JSON.stringify({ query: "{ __typename }" }));
  });
}

async function allAnswer(baseUrl: string, count: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: count }, () => typename(baseUrl)));
  expect(answers).toEqual(Array(count).fill('200 {"data":{"__typename":"Query"}}\n'));
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (server: ServerProcess, text: string) => server.output().split(text).length - 1;

describe("cluster mode (WEB_CONCURRENCY)", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-cluster-"));
    await buildOnce();
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("migrates once, serves from two workers, replaces a worker that dies, and exits 0 on SIGTERM after stopping every worker", async () => {
    const database = await createTestDatabase();
    const server = spawnServer({ DATABASE_URL: database.url, WEB_CONCURRENCY: "2", DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const url = await server.listening;
      await waitFor(() => count(server, '"msg":"roomkey is listening"') === 2, "two workers listening");
      expect(count(server, '"msg":"migrations applied"')).toBe(1);
      const [first, second] = childPids(server.child.pid!);
      expect(childPids(server.child.pid!)).toHaveLength(2);
      await allAnswer(url, 10);

      // With the first worker gone, the second serves everything; the primary starts a replacement.
      process.kill(first!, "SIGKILL");
      await waitFor(() => count(server, "worker died; starting a new one") === 1, "the primary to notice");
      await allAnswer(url, 10);
      await waitFor(() => count(server, '"msg":"roomkey is listening"') === 3, "the replacement listening");
      const replacement = childPids(server.child.pid!).find((pid) => pid !== second);
      expect(replacement).toBeDefined();
      expect(replacement).not.toBe(first);

      // With the second gone too, the replacement serves everything.
      process.kill(second!, "SIGKILL");
      await waitFor(() => count(server, "worker died; starting a new one") === 2, "the primary to notice again");
      await allAnswer(url, 10);

      await waitFor(() => count(server, '"msg":"roomkey is listening"') === 4, "the second replacement listening");
      const workers = childPids(server.child.pid!);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(count(server, '"msg":"roomkey stopped"')).toBe(3); // two workers and the primary
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      server.child.kill("SIGKILL");
      await database.drop();
    }
  }, 90_000);

  it("refuses more than one process on embedded PGlite (one process per data folder)", async () => {
    const server = spawnServer({ WEB_CONCURRENCY: "2", DATA_DIR: dataDir });
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain("WEB_CONCURRENCY: more than one process needs DATABASE_URL");
  }, 30_000);
});
