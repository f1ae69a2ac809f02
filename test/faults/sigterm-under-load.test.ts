// SIGTERM while requests keep coming: every request sent before the signal gets its complete
// answer, /readyz turns 503 at once, then the process exits 0 (graceful shutdown, under load, on
// PostgreSQL). Without SHUTDOWN_DELAY_MS a request already sent on a keep-alive connection the
// busy server had not read yet was cut off ("other side closed"); see src/http/draining.ts.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gqlOk } from "../support/graphql-client.js";
import { createTestDatabase } from "../support/postgres.js";
import { PASSWORD } from "../support/scenario.js";
import { buildOnce, spawnServer } from "../support/server-process.js";

const WORKERS = 6;
const LOAD_BEFORE_SIGNAL_MS = 500;
const MAX_REQUESTS = 2_000; // bounds the loop whatever the timing

interface Sent {
  startedAt: number;
  answer?: { status: number; ok: boolean };
  failure?: string;
}

describe("SIGTERM under load", () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
    await buildOnce();
  }, 120_000);
  afterAll(() => database?.drop());

  it("answers every request sent before the signal completely, then exits 0", async () => {
    const server = spawnServer({ DATABASE_URL: database.url, AUTH_ATTEMPTS_PER_MINUTE: "100000", CREATE_ROOMS_PER_HOUR: "0", SHUTDOWN_DELAY_MS: "1000" });
    try {
      const url = await server.listening;
      const { register } = await gqlOk(url, `mutation { register(input: { email: "owner@example.com", password: "${PASSWORD}" }) { token } }`);
      const sent: Sent[] = [];
      let signalledAt = Number.POSITIVE_INFINITY;
      let counter = 0;

      // Half the workers sign people up (argon2: slow, so many are mid-flight at the signal), half create rooms.
      const request = (worker: number) =>
        worker % 2 === 0
          ? { query: `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, variables: { input: { email: `u${++counter}@example.com`, password: PASSWORD } } }
          : { query: `mutation($input: CreateRoomInput!) { createRoom(input: $input) { slug } }`, variables: { input: { name: `Room ${++counter}` } } };

      const worker = async (id: number) => {
        while (Date.now() < signalledAt && sent.length < MAX_REQUESTS) {
          const entry: Sent = { startedAt: Date.now() };
          sent.push(entry);
          try {
            const response = await fetch(`${url}/graphql`, {
              method: "POST",
              headers: { "content-type": "application/json", authorization: `Bearer ${register.token}` },
              body: JSON.stringify(request(id)),
            });
            const body = (await response.json()) as { data?: unknown; errors?: unknown };
            entry.answer = { status: response.status, ok: !!body.data && !body.errors };
          } catch (error) {
            entry.failure = String((error as Error).cause ?? error);
          }
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
      await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGNAL_MS));
      const pendingAtSignal = () => sent.filter((entry) => !entry.answer && !entry.failure).length;
      signalledAt = Date.now();
      const inFlight = pendingAtSignal();
      server.child.kill("SIGTERM");
      // During SHUTDOWN_DELAY_MS the server still answers, but tells load balancers to stop routing to it.
      for (let waited = 0; waited < 5_000 && !server.output().includes('"msg":"shutting down"'); waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const readiness = await fetch(`${url}/readyz`);
      await load;

      const beforeSignal = sent.filter((entry) => entry.startedAt < signalledAt);
      console.info(`SIGTERM under load: ${beforeSignal.length} requests sent before the signal, ${inFlight} of them in flight when it came`);
      expect(inFlight).toBeGreaterThan(0);
      expect(beforeSignal.filter((entry) => !entry.answer?.ok)).toEqual([]);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toEqual({ status: "unavailable", database: "postgres", failed: [{ check: "shutdown", reason: "draining" }] });
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
    }
  }, 60_000);
});
