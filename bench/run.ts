// npm run bench: how close joinToken (J) comes to a stateless signing server on the same stack (S),
// on PostgreSQL and PGlite, in one run so the ratios compare like with like on a noisy machine.
//
//   npm run bench                       full run (about 5.5 minutes on 2 busy shared cores)
//   npm run bench -- --quick            one 0.5 s slice per cell, a 10,000-room scale step (about 3 minutes)
//   npm run bench -- --json FILE        where the JSON goes (default bench-results.json)
//   npm run bench -- --pg-url URL       PostgreSQL admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
//   npm run bench -- --no-postgres | --no-pglite | --no-scale | --no-cluster
//
// Every server runs as a child process on 127.0.0.1; every server, temp folder and throw-away
// database is removed at the end, also on error, on Ctrl-C and when the watchdog fires.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { ENTRY_FACTS_BATCH_SQL, ENTRY_FACTS_SQL, SESSION_ENTRY_FACTS_BATCH_SQL, SESSION_ENTRY_FACTS_SQL } from "../src/rooms/access.service.js";
import { SESSION_USER_SQL, SESSION_USERS_SQL } from "../src/accounts/session-lookup.js";
import { generateKeyPair, writeKeyFiles } from "../src/tokens/keys.js";
import { PermsTokenSigner } from "../src/tokens/perms-token.js";
import { CLIENT_IDS_KEPT } from "../src/rooms/room-clients.js";
import { checkJoinTokenSample, joinTokenBody, JOIN_TOKEN_QUERY, TYPENAME_QUERY } from "./check.js";
import { Cleanup } from "./cleanup.js";
import { writeFixtures, type Fixtures } from "./fixtures.js";
import { mergeResults, runLoad, type LoadRequest, type LoadResult } from "./load.js";
import { createBenchDatabase, probePostgres } from "./postgres.js";
import { startServer, type ServerProcess } from "./process.js";
import { table } from "./report.js";
import { hasSeqScanOnBigTable, seedScale } from "./scale.js";
import { benchSign } from "./sign.js";

const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--pg-url URL] [--no-postgres] [--no-pglite] [--no-scale] [--no-cluster] [--server PATH/dist/src/main.js]`;
const DEFAULT_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const WATCHDOG_MS = 12 * 60_000;
const CONNECTIONS = [1, 8, 32] as const;
const BENCH_USERS = 1000;

/**
 * The machine is shared: its speed drifts from second to second. So each J cell is measured in
 * slices alternating with S at the same connection count, and J/S compares the two over the same
 * seconds.
 */
interface Plan {
  /** Per scenario, once per server process. */
  serverWarmSeconds: number;
  warmSeconds: number;
  sliceSeconds: number;
  slices: number;
  signCount: number;
  scaleRooms: number;
}
const PLANS: Record<"full" | "quick", Plan> = {
  full: { serverWarmSeconds: 1.5, warmSeconds: 0.3, sliceSeconds: 0.7, slices: 3, signCount: 3000, scaleRooms: 100_000 },
  quick: { serverWarmSeconds: 0.5, warmSeconds: 0.2, sliceSeconds: 0.5, slices: 1, signCount: 600, scaleRooms: 10_000 },
};

type Scenario = "typename" | "anonymous" | "signed-in" | "signed-in+clientId";

interface SideBySide {
  server: ServerProcess;
  what: string;
  requests: LoadRequest[];
}

interface Row {
  /** S, J, the __typename baseline, or a J variant (cluster, budget, scale). */
  what: string;
  db: "-" | "postgres" | "pglite";
  scenario: Scenario | "sign";
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  peakRssMiB: number | null;
  /** S measured in the slices alternating with this row (req/s), and J / S. */
  pairedSRps: number | null;
  jOverS: number | null;
}

const cleanup = new Cleanup();
let exiting = false;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "string", default: "bench-results.json" },
      "pg-url": { type: "string", default: DEFAULT_PG_ADMIN_URL },
      "no-postgres": { type: "boolean", default: false },
      "no-pglite": { type: "boolean", default: false },
      "no-scale": { type: "boolean", default: false },
      "no-cluster": { type: "boolean", default: false },
      /** Another build of roomkey to measure (e.g. a checkout of an older commit, built): its dist/src/main.js. */
      server: { type: "string", default: "dist/src/main.js" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const plan = values.quick ? PLANS.quick : PLANS.full;
  const started = Date.now();
  const machine = `${os.cpus().length} CPU(s) ${os.cpus()[0]?.model.trim() ?? ""}, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
  console.log(`roomkey bench (${values.quick ? "quick" : "full"}): ${machine}`);
  const rows: Row[] = [];
  const notes: string[] = [];

  const tmp = await mkdtemp(path.join(os.tmpdir(), "roomkey-bench-"));
  cleanup.add(`remove ${tmp}`, () => rm(tmp, { recursive: true, force: true }));
  // One 2048-bit key (keys:generate's default) for the signer, S and every roomkey server.
  const key = await generateKeyPair(2048);
  const keyPath = (await writeKeyFiles(path.join(tmp, "keys"), key)).privateKeyPem;

  // (a) The signing floor, in this process.
  const signer = new PermsTokenSigner(key, { audience: "webrtc_auth", issuer: "roomkey", ttlSeconds: 300 });
  for (const connections of [1, 8]) {
    progress(`RS512 sign, ${connections} in flight`);
    const s = await benchSign(signer, { count: plan.signCount, warmup: 100, concurrency: connections, maxMs: 10_000 });
    rows.push({ what: "RS512 sign (in-process)", db: "-", scenario: "sign", connections, rps: s.opsPerSec, p50Ms: s.p50Ms, p99Ms: s.p99Ms, bad: 0, peakRssMiB: null, pairedSRps: null, jOverS: null });
  }

  const sSlices = new Map<number, LoadResult[]>();
  let statelessUrl = "";
  const statelessRequests = [{ headers: {}, body: joinTokenBody("bench-room") }];
  const measure = async (server: ServerProcess, what: string, db: Row["db"], scenario: Scenario, requests: LoadRequest[], connections: number, paired = true) => {
    progress(`${what} ${db} ${scenario} @ ${connections}`);
    const cell = { url: `${server.url}/graphql`, requests, connections, expect: scenario === "typename" ? '"__typename":"Query"' : '"token":"ey' };
    const sCell = { url: statelessUrl, requests: statelessRequests, connections, expect: '"token":"ey' };
    await runLoad({ ...cell, durationSeconds: plan.warmSeconds });
    if (paired) await runLoad({ ...sCell, durationSeconds: plan.warmSeconds });
    const jParts: LoadResult[] = [];
    const sParts: LoadResult[] = [];
    for (let i = 0; i < plan.slices; i++) {
      if (paired) sParts.push(await runLoad({ ...sCell, durationSeconds: plan.sliceSeconds }));
      jParts.push(await runLoad({ ...cell, durationSeconds: plan.sliceSeconds }));
    }
    const result = mergeResults(jParts);
    const row: Row = { ...toRow(what, db, scenario, connections, result, server.peakRssMiB()), pairedSRps: null };
    if (paired) {
      sSlices.set(connections, [...(sSlices.get(connections) ?? []), ...sParts]);
      row.pairedSRps = mergeResults(sParts).rps;
      row.jOverS = row.rps / row.pairedSRps;
    }
    rows.push(row);
    if (result.bad) console.error(`\n  ${what} ${db} ${scenario} @ ${connections}: ${result.bad} bad response(s)`);
    return row;
  };

  /** Two J cells in alternating slices (no S): for comparing two servers over the same seconds. */
  const measureSideBySide = async (a: SideBySide, b: SideBySide, connections: number): Promise<[Row, Row]> => {
    progress(`${a.what} / ${b.what} @ ${connections}`);
    const cellOf = ({ server, requests }: SideBySide) => ({ url: `${server.url}/graphql`, requests, connections, expect: '"token":"ey' });
    for (const side of [a, b]) await runLoad({ ...cellOf(side), durationSeconds: plan.warmSeconds });
    const parts: [LoadResult[], LoadResult[]] = [[], []];
    for (let i = 0; i < plan.slices; i++) {
      parts[0].push(await runLoad({ ...cellOf(a), durationSeconds: plan.sliceSeconds }));
      parts[1].push(await runLoad({ ...cellOf(b), durationSeconds: plan.sliceSeconds }));
    }
    const [rowA, rowB] = ([a, b] as const).map((side, i) => {
      const result = mergeResults(parts[i]!);
      if (result.bad) console.error(`\n  ${side.what} @ ${connections}: ${result.bad} bad response(s)`);
      return { ...toRow(side.what, "postgres", "signed-in", connections, result, side.server.peakRssMiB()), pairedSRps: null };
    });
    rows.push(rowA!, rowB!);
    return [rowA!, rowB!];
  };

  // (c) S: the stateless signing server, same stack, same claims, same key.
  // It keeps running next to each roomkey server, idle except in its slices.
  const stateless = await startServer("dist/bench/stateless-server.js", {}, ["--key", keyPath]);
  const stopStateless = cleanup.add("stop stateless server", () => stateless.stop());
  statelessUrl = `${stateless.url}/graphql`;
  await checkJoinTokenSample(statelessUrl, statelessRequests[0]!, { sub: "5b0c3f2e-8a41-4f6d-9c27-1e0d4b7a6f13", role: "PUBLISHER", roomSlug: "bench-room" });

  const serverEnv = (extra: Record<string, string>) => ({
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: path.join(tmp, "data"),
    AUTH_KEY_PRIVATE: keyPath,
    AUTH_ATTEMPTS_PER_MINUTE: "100000",
    SHUTDOWN_GRACE_MS: "2000",
    JOIN_TOKENS_PER_MINUTE: "0",
    ...extra,
  });
  const scenarios = (fixtures: Fixtures): Array<{ scenario: Exclude<Scenario, "typename">; requests: LoadRequest[]; sub: string; role: string | null }> => {
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    return [
      { scenario: "anonymous", requests: [{ headers: {}, body: joinTokenBody(fixtures.roomSlug) }], sub: "anon", role: null },
      { scenario: "signed-in", requests: fixtures.users.map((u) => ({ headers: auth(u.token), body: joinTokenBody(fixtures.roomSlug) })), sub: fixtures.users[0]!.id, role: "PUBLISHER" },
      {
        scenario: "signed-in+clientId",
        // One SFU client id per user, re-sent on every request like a refreshing client.
        requests: fixtures.users.map((u, i) => ({ headers: auth(u.token), body: joinTokenBody(fixtures.roomSlug, `sfu-client-${i}`) })),
        sub: fixtures.users[0]!.id,
        role: "PUBLISHER",
      },
    ];
  };
  const measureJoins = async (server: ServerProcess, what: string, db: "postgres" | "pglite", fixtures: Fixtures, only?: { scenarios: Scenario[]; connections: readonly number[]; warm?: boolean }) => {
    if (only?.warm !== false) await warmUp(server, fixtures);
    for (const { scenario, requests, sub, role } of scenarios(fixtures)) {
      if (only && !only.scenarios.includes(scenario)) continue;
      await checkJoinTokenSample(`${server.url}/graphql`, requests[0]!, { sub, role, roomSlug: fixtures.roomSlug });
      for (const connections of only?.connections ?? CONNECTIONS) await measure(server, what, db, scenario, requests, connections);
    }
  };

  /** A fresh server process runs its code unoptimised for a while: give the JIT every path before measuring. */
  const warmUp = async (server: ServerProcess, fixtures: Fixtures) => {
    progress(`warming up ${server.url}`);
    for (const { requests } of scenarios(fixtures)) {
      await runLoad({ url: `${server.url}/graphql`, requests, connections: 8, durationSeconds: plan.serverWarmSeconds, expect: '"token":"ey' });
    }
  };

  // (b) and (d) on PostgreSQL, then cluster mode, the join token budget, and the scale step.
  const pgProblem = values["no-postgres"] ? "--no-postgres given" : await probePostgres(values["pg-url"]);
  if (pgProblem) notes.push(`PostgreSQL skipped: ${pgProblem}`);
  else {
    const database = await createBenchDatabase(values["pg-url"]);
    cleanup.add(`drop database ${database.name}`, database.drop);
    progress("PostgreSQL fixtures");
    const fixtures = await writeFixtures({ databaseUrl: database.url }, BENCH_USERS);

    const server = await startServer(values.server, serverEnv({ DATABASE_URL: database.url }));
    const stop = cleanup.add("stop roomkey (postgres)", () => server.stop());
    const typename = [{ headers: {}, body: JSON.stringify({ query: TYPENAME_QUERY }) }];
    await warmUp(server, fixtures);
    for (const connections of CONNECTIONS) await measure(server, "{ __typename }", "postgres", "typename", typename, connections, false);
    await measureJoins(server, "J", "postgres", fixtures, { scenarios: ["anonymous", "signed-in", "signed-in+clientId"], connections: CONNECTIONS, warm: false });
    notes.push(await roomClientRows(database.url));
    await stop();

    const budgeted = await startServer(values.server, serverEnv({ DATABASE_URL: database.url, JOIN_TOKENS_PER_MINUTE: "" }));
    const stopBudgeted = cleanup.add("stop roomkey (budget)", () => budgeted.stop());
    await measureJoins(budgeted, "J, JOIN_TOKENS_PER_MINUTE default", "postgres", fixtures, { scenarios: ["signed-in"], connections: [8, 32] });
    await stopBudgeted();
    notes.push(
      `"J, JOIN_TOKENS_PER_MINUTE default" leaves the variable unset (the server's default); every other J row passes JOIN_TOKENS_PER_MINUTE=0 (off). ` +
        `The signed-in load spreads over ${BENCH_USERS} users, so a per-user budget costs its check, not refusals.`,
    );

    if (!values["no-cluster"]) {
      const cluster = await startServer(values.server, serverEnv({ DATABASE_URL: database.url, WEB_CONCURRENCY: "2" }));
      const stopCluster = cleanup.add("stop roomkey (cluster)", () => cluster.stop());
      await measureJoins(cluster, "J, WEB_CONCURRENCY=2", "postgres", fixtures, { scenarios: ["anonymous", "signed-in"], connections: [8, 32] });
      await stopCluster();
    }

    if (!values["no-scale"]) {
      // Two databases side by side: this one (~1k rows) and one seeded with the big tables; the two
      // servers are measured in alternating slices, so a machine that slows down in between
      // slows both alike and the p50 ratio compares the same seconds.
      const big = await createBenchDatabase(values["pg-url"]);
      cleanup.add(`drop database ${big.name}`, big.drop);
      progress(`seeding ${plan.scaleRooms.toLocaleString("en")} rooms`);
      await writeFixtures({ databaseUrl: big.url }, 0); // migrated (and the bench room, unused here)
      const seed = await seedScale(big.url, plan.scaleRooms, BENCH_USERS, JOIN_TOKEN_QUERY, [
        { label: "session + entry facts (signed-in joinToken)", text: SESSION_ENTRY_FACTS_SQL, params: (s) => [s.tokenHash, s.roomSlug, "sfu-client-1"] },
        { label: "session + entry facts, batched", text: SESSION_ENTRY_FACTS_BATCH_SQL, params: (s) => [[s.tokenHash, s.tokenHash], [s.roomSlug, s.roomSlug], ["sfu-client-1", "sfu-client-2"]] },
        { label: "session lookup (every other operation)", text: SESSION_USER_SQL, params: (s) => [s.tokenHash] },
        { label: "session lookup, batched", text: SESSION_USERS_SQL, params: (s) => [[s.tokenHash, s.tokenHash]] },
        { label: "entry facts (anonymous joinToken)", text: ENTRY_FACTS_SQL, params: (s) => [s.roomSlug, s.userId, "sfu-client-1"] },
        { label: "entry facts, batched", text: ENTRY_FACTS_BATCH_SQL, params: (s) => [[s.roomSlug, s.roomSlug], [s.userId, s.userId], ["sfu-client-1", "sfu-client-2"]] },
      ]);
      const smallServer = await startServer(values.server, serverEnv({ DATABASE_URL: database.url }));
      const stopSmall = cleanup.add("stop roomkey (scale, ~1k rows)", () => smallServer.stop());
      const bigServer = await startServer(values.server, serverEnv({ DATABASE_URL: big.url }));
      const stopBig = cleanup.add("stop roomkey (scale, 1M rows)", () => bigServer.stop());
      const small = scenarios(fixtures).find((s) => s.scenario === "signed-in")!;
      await warmUp(smallServer, fixtures);
      progress(`warming up ${bigServer.url}`);
      await runLoad({ url: `${bigServer.url}/graphql`, requests: seed.requests, connections: 8, durationSeconds: plan.serverWarmSeconds, expect: '"token":"ey' });
      const bigLabel = `J at ${(seed.memberships / 1e6).toLocaleString("en")}M memberships + ${(seed.bans / 1e6).toLocaleString("en")}M bans`;
      const ratios: string[] = [];
      for (const connections of [1, 8]) {
        const [atSmall, atBig] = await measureSideBySide(
          { server: smallServer, what: "J at ~1k rows", requests: small.requests },
          { server: bigServer, what: bigLabel, requests: seed.requests },
          connections,
        );
        ratios.push(`${atSmall.p50Ms.toFixed(2)} → ${atBig.p50Ms.toFixed(2)} ms at ${connections} connection${connections > 1 ? "s" : ""} (${(atBig.p50Ms / atSmall.p50Ms).toFixed(2)}×)`);
      }
      await stopBig();
      await stopSmall();
      notes.push(
        `Scale step: ${seed.rooms.toLocaleString("en")} rooms and users, ${seed.memberships.toLocaleString("en")} memberships, ${seed.bans.toLocaleString("en")} bans and ${seed.rooms.toLocaleString("en")} remembered SFU clients seeded in ${seed.seconds.toFixed(1)} s ` +
          `(generate_series, one INSERT … SELECT per table) into a second database; it is asked by ${BENCH_USERS} seeded members, each for their own room. ` +
          `The two databases' servers were measured in alternating slices: signed-in joinToken p50 ${ratios.join(", ")}.`,
      );
      for (const plan of seed.explain) notes.push(`EXPLAIN at scale (${hasSeqScanOnBigTable(plan) ? "SEQUENTIAL SCAN on a big table!" : "index scans only"}) ${plan}`);
    }
  }

  // (d) on PGlite.
  if (!values["no-pglite"]) {
    const dataDir = path.join(tmp, "pglite");
    progress("PGlite fixtures");
    const fixtures = await writeFixtures({ pgliteDataDir: dataDir }, BENCH_USERS);
    const server = await startServer(values.server, serverEnv({ PGLITE_DATA_DIR: dataDir }));
    const stop = cleanup.add("stop roomkey (pglite)", () => server.stop());
    await measureJoins(server, "J", "pglite", fixtures);
    await stop();
  }

  const statelessPeakRss = stateless.peakRssMiB();
  await stopStateless();
  // S over all its slices, per connection count.
  for (const connections of CONNECTIONS) {
    const parts = sSlices.get(connections);
    if (!parts) continue;
    const s = mergeResults(parts);
    rows.splice(2 + CONNECTIONS.indexOf(connections), 0, { ...toRow("S stateless signing (all its slices)", "-", "signed-in", connections, s, statelessPeakRss), pairedSRps: null });
  }
  const elapsed = (Date.now() - started) / 1000;
  printTable(rows);
  notes.push(
    `Cells: ${plan.warmSeconds} s warm-up, then ${plan.slices} slices of ${plan.sliceSeconds} s alternating with S at the same connection count (J/S compares the same seconds); ` +
      `autocannon (library, keep-alive) runs in the bench process on the same CPUs as the servers; ` +
      `signed-in requests go to the ${BENCH_USERS} users in turn from one cursor shared by all connections, each request built as it is sent; ` +
      `every response body is checked (bad = non-2xx, GraphQL errors, wrong body, socket errors); p50/p99 are over good responses. Peak RSS is the server's VmHWM so far (summed over cluster processes).`,
    `Total ${elapsed.toFixed(0)} s.`,
  );
  console.log("\nNotes:");
  for (const note of notes) console.log(`  - ${note}`);
  await writeFile(values.json, `${JSON.stringify({ machine, date: new Date().toISOString(), plan: values.quick ? "quick" : "full", rows, notes }, null, 2)}\n`);
  console.log(`\nJSON written to ${values.json}`);
  return rows.some((r) => r.bad > 0) ? 1 : 0;
}

function toRow(what: string, db: Row["db"], scenario: Scenario, connections: number, result: LoadResult, peakRssMiB: number): Omit<Row, "pairedSRps"> & { pairedSRps: null } {
  return { what, db, scenario, connections, rps: result.rps, p50Ms: result.p50Ms, p99Ms: result.p99Ms, bad: result.bad, peakRssMiB, pairedSRps: null, jOverS: null };
}

async function roomClientRows(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ users: number; rows: number; most: number }>(
      `SELECT count(DISTINCT user_id)::int AS users, count(*)::int AS rows, coalesce(max(n), 0)::int AS most
       FROM (SELECT user_id, count(*) OVER (PARTITION BY room_id, user_id) AS n FROM room_clients) c`,
    );
    const r = rows[0]!;
    return `room_clients after the PostgreSQL cells: ${r.rows} rows for ${r.users} users, at most ${r.most} per user and room (cap ${CLIENT_IDS_KEPT}).`;
  } finally {
    await client.end();
  }
}

function printTable(rows: Row[]): void {
  const f = (value: number | null, digits: number) => (value === null || !Number.isFinite(value) ? "-" : value.toFixed(digits));
  console.log("\n");
  console.log(
    table(
      ["what", "db", "scenario", "conn", "req/s", "p50 ms", "p99 ms", "bad", "peak RSS MiB", "S req/s (paired)", "J/S"],
      rows.map((r) => [r.what, r.db, r.scenario, String(r.connections), f(r.rps, 0), f(r.p50Ms, 2), f(r.p99Ms, 2), String(r.bad), f(r.peakRssMiB, 0), f(r.pairedSRps, 0), f(r.jOverS, 2)]),
      [false, false, false, true, true, true, true, true, true, true, true],
    ),
  );
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${message}`);
  else process.stderr.write(`  ${message}\n`);
}

async function shutdown(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    await cleanup.runAll();
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void shutdown(130);
  });
}
setTimeout(() => {
  console.error(`\nwatchdog: bench still running after ${WATCHDOG_MS / 60_000} minutes, cleaning up`);
  void shutdown(2);
}, WATCHDOG_MS).unref();

main().then(
  (code) => shutdown(code),
  (error: unknown) => {
    console.error("\nbench failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    return shutdown(1);
  },
);
