// roomkey benchmark: the joinToken hot path against its crypto floor and a GraphQL/HTTP baseline,
// on PGlite and PostgreSQL, all in one run so the ratios compare like with like on a noisy machine.
//
//   npm run bench                      full run (about 60 s on 2 cores)
//   npm run bench -- --quick           smaller counts (about 30 s)
//   npm run bench -- --json out.json   also write the results as JSON
//   npm run bench -- --pg-url postgres://postgres@127.0.0.1:5432/postgres   admin URL (default shown)
//   npm run bench -- --no-postgres     PGlite only
//
// Traffic goes to 127.0.0.1 only. Every server, temp folder and throw-away database is removed at the end,
// also on error or Ctrl-C.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GRAPHQL_PATH, startApp, type RunningApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { resolveSigningKey } from "../src/tokens/resolve-signing-key.js";
import { PermsTokenSigner } from "../src/tokens/perms-token.js";
import { checkJoinToken, createRoom, JOIN_TOKEN_QUERY, signUp, TYPENAME_QUERY } from "./graphql.js";
import { LoadClient } from "./load-client.js";
import { createBenchDatabase, probePostgres } from "./postgres.js";
import { banner, fmt, table } from "./report.js";
import { benchSign } from "./sign.js";
import { summarize, type Summary } from "./stats.js";

const USAGE = `usage: node dist/bench/run.js [--quick] [--json FILE] [--pg-url URL] [--no-postgres]`;
const DEFAULT_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
/** Hard cap on the whole run; a hang past this cleans up and exits non-zero. */
const WATCHDOG_MS = 170_000;

type Db = "pglite" | "postgres";
type Scenario = "typename" | "join-anon" | "join-signed-in" | "join-publisher";

const SCENARIO_LABEL: Record<Scenario, string> = {
  typename: "{ __typename } (anon baseline)",
  "join-anon": "joinToken anonymous",
  "join-signed-in": "joinToken publisher, no clientId",
  "join-publisher": "joinToken publisher+clientId",
};
const SCENARIOS: Scenario[] = ["typename", "join-anon", "join-signed-in", "join-publisher"];
const CONCURRENCY = [1, 8] as const;

interface Plan {
  signCount: number;
  signWarmup: number;
  warmup: Record<number, number>;
  count: Record<number, number>;
  maxMs: number;
}

const PLANS: Record<"full" | "quick", Plan> = {
  full: { signCount: 1500, signWarmup: 150, warmup: { 1: 50, 8: 150 }, count: { 1: 300, 8: 1000 }, maxMs: 4000 },
  quick: { signCount: 300, signWarmup: 40, warmup: { 1: 20, 8: 40 }, count: { 1: 100, 8: 250 }, maxMs: 2000 },
};

interface SignRow {
  concurrency: number;
  summary: Summary;
}
interface HttpRow {
  db: Db;
  scenario: Scenario;
  concurrency: number;
  summary: Summary;
}

// ---------------------------------------------------------------- cleanup

/** LIFO cleanup steps; each runs at most once, early (`done()`) or at exit. */
class Cleanup {
  private readonly steps: Array<{ label: string; run: () => Promise<void> }> = [];

  add(label: string, fn: () => Promise<unknown>): () => Promise<void> {
    let ran: Promise<void> | undefined;
    const step = {
      label,
      run: () =>
        (ran ??= (async () => {
          const index = this.steps.indexOf(step);
          if (index >= 0) this.steps.splice(index, 1);
          await fn();
        })()),
    };
    this.steps.push(step);
    return step.run;
  }

  async runAll(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps[this.steps.length - 1]!;
      try {
        await withTimeout(step.run(), 20_000, step.label);
      } catch (error) {
        console.error(`cleanup: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
        const index = this.steps.indexOf(step);
        if (index >= 0) this.steps.splice(index, 1);
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const cleanup = new Cleanup();
let exiting = false;

async function shutdown(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    await cleanup.runAll();
  }
  process.exit(code);
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      "pg-url": { type: "string" },
      "no-postgres": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const plan = values.quick ? PLANS.quick : PLANS.full;
  const pgAdminUrl = values["pg-url"] ?? process.env.BENCH_POSTGRES_URL ?? DEFAULT_PG_ADMIN_URL;
  assertLoopback(pgAdminUrl);
  const started = Date.now();
  const notes: string[] = [];

  console.log(
    `roomkey bench (${values.quick ? "quick" : "full"}) - node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model.trim() ?? ""}, ` +
      `load avg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );

  // One data dir for the whole run, so the generated development key (RSA 2048) is the same for
  // the in-process signer and both servers.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-bench-"));
  cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const baseEnv = {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: dataDir,
    SHUTDOWN_GRACE_MS: "2000",
  };

  // 1. Crypto floor.
  const keyConfig = loadConfig({ ...baseEnv, PGLITE_DATA_DIR: "memory://" });
  const signer = new PermsTokenSigner(
    await resolveSigningKey(keyConfig.permsToken, { nodeEnv: keyConfig.nodeEnv, dataDir: keyConfig.dataDir }),
    keyConfig.permsToken,
  );
  const signRows: SignRow[] = [];
  for (const concurrency of CONCURRENCY) {
    progress(`sign x${plan.signCount} @ c=${concurrency}`);
    const summary = await benchSign(signer, { count: plan.signCount, warmup: plan.signWarmup, concurrency, maxMs: plan.maxMs });
    signRows.push({ concurrency, summary });
  }

  // 2 + 3. HTTP, per database, servers one after the other (never two at once).
  const load = new LoadClient();
  cleanup.add("stop load worker", () => load.close());
  const httpRows: HttpRow[] = [];
  const dbs: Db[] = ["pglite", "postgres"];
  let postgresSkipped: string | undefined;
  for (const db of dbs) {
    let env: Record<string, string>;
    if (db === "pglite") {
      env = { ...baseEnv, PGLITE_DATA_DIR: "memory://" };
    } else {
      if (values["no-postgres"]) {
        postgresSkipped = "--no-postgres given";
        continue;
      }
      const problem = await probePostgres(pgAdminUrl);
      if (problem) {
        postgresSkipped = `${redact(pgAdminUrl)} unreachable: ${problem}`;
        continue;
      }
      const database = await createBenchDatabase(pgAdminUrl);
      cleanup.add(`drop database ${database.name}`, database.drop);
      env = { ...baseEnv, DATABASE_URL: database.url };
    }
    const config = loadConfig(env);
    progress(`starting ${db} server`);
    const app = await startApp(config);
    const stopApp = cleanup.add(`stop ${db} server`, () => app.stop());
    try {
      httpRows.push(...(await benchServer(db, app, load, plan, notes)));
    } finally {
      await stopApp();
    }
  }
  if (postgresSkipped) {
    console.log("\n" + banner([`POSTGRESQL SKIPPED: ${postgresSkipped}`, "Only PGlite was measured; the PGlite / PostgreSQL ratios are missing."]));
    notes.push(`PostgreSQL skipped: ${postgresSkipped}`);
  }

  const elapsedS = (Date.now() - started) / 1000;
  const ratios = printReport(signRows, httpRows, notes, elapsedS);

  if (values.json) {
    const file = path.resolve(values.json);
    const results = {
      meta: {
        date: new Date().toISOString(),
        mode: values.quick ? "quick" : "full",
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim(),
        loadAvg: os.loadavg(),
        elapsedSeconds: elapsedS,
        plan,
        postgresSkipped: postgresSkipped ?? null,
      },
      sign: signRows,
      http: httpRows.map((r) => ({ ...r, label: SCENARIO_LABEL[r.scenario] })),
      ratios,
      notes,
    };
    await writeFile(file, JSON.stringify(results, null, 2) + "\n");
    console.log(`\nJSON written to ${file}`);
  }
  const failed = httpRows.some((r) => r.summary.errors > 0);
  return failed ? 1 : 0;
}

async function benchServer(db: Db, app: RunningApp, load: LoadClient, plan: Plan, notes: string[]): Promise<HttpRow[]> {
  assertLoopback(app.url);
  const graphqlUrl = `${app.url}${GRAPHQL_PATH}`;
  const owner = await signUp(graphqlUrl, "bench-owner");
  const room = await createRoom(graphqlUrl, owner.token);
  const publisher = await signUp(graphqlUrl, "bench-publisher");
  await checkJoinToken(graphqlUrl, { roomSlug: room.slug }, { role: null, sub: "anon" });
  await checkJoinToken(graphqlUrl, { roomSlug: room.slug, clientId: "bench-check" }, { role: "PUBLISHER", sub: publisher.id }, publisher.token);

  const json = { "content-type": "application/json" };
  const jobs: Record<Scenario, { headers: Record<string, string>; bodies: string[]; expect: string }> = {
    typename: { headers: json, bodies: [JSON.stringify({ query: TYPENAME_QUERY })], expect: '"__typename":"Query"' },
    "join-anon": {
      headers: json,
      bodies: [JSON.stringify({ query: JOIN_TOKEN_QUERY, variables: { roomSlug: room.slug } })],
      expect: '"token":"ey',
    },
    // Same publisher without a clientId: session lookup + admit + sign, no room_clients write.
    "join-signed-in": {
      headers: { ...json, authorization: `Bearer ${publisher.token}` },
      bodies: [JSON.stringify({ query: JOIN_TOKEN_QUERY, variables: { roomSlug: room.slug } })],
      expect: '"token":"ey',
    },
    "join-publisher": {
      headers: { ...json, authorization: `Bearer ${publisher.token}` },
      // One SFU client id per concurrent loop, re-sent like a token refresh: the upsert updates last_token_at.
      bodies: Array.from({ length: 8 }, (_, k) =>
        JSON.stringify({ query: JOIN_TOKEN_QUERY, variables: { roomSlug: room.slug, clientId: `bench-${db}-${k}` } }),
      ),
      expect: '"token":"ey',
    },
  };

  const rows: HttpRow[] = [];
  for (const concurrency of CONCURRENCY) {
    for (const scenario of SCENARIOS) {
      if (exiting) throw new Error("interrupted");
      progress(`${db}: ${SCENARIO_LABEL[scenario]} x${plan.count[concurrency]} @ c=${concurrency}`);
      const result = await load.run({
        url: graphqlUrl,
        ...jobs[scenario],
        concurrency,
        warmup: plan.warmup[concurrency]!,
        count: plan.count[concurrency]!,
        maxMs: plan.maxMs,
      });
      if (result.errors) {
        console.error(`\n${db} ${scenario} c=${concurrency}: ${result.errors} failed request(s), first: ${result.firstError}`);
      }
      rows.push({ db, scenario, concurrency, summary: summarize(result.latenciesMs, result.wallMs, result.errors, result.truncated) });
    }
  }

  // The publisher path must really have written room_clients (one row per client id, plus the check).
  const [{ n }] = (await app.services.db.run((manager) =>
    manager.query(`SELECT count(*)::int AS n FROM room_clients WHERE user_id = $1 AND room_id = $2`, [publisher.id, room.id]),
  )) as [{ n: number }];
  notes.push(`${db}: room_clients rows for the bench publisher after the run: ${n} (expected 9: 8 client ids + 1 check)`);
  if (n < 2) throw new Error(`${db}: publisher joinToken did not write room_clients (rows: ${n})`);
  return rows;
}

// ---------------------------------------------------------------- report

interface Ratio {
  kind: "join/typename" | "sign/join" | "write/no-write" | "pglite/postgres";
  what: string;
  db: Db | "-";
  concurrency: number;
  value: number;
  extra: string;
}

function printReport(signRows: SignRow[], httpRows: HttpRow[], notes: string[], elapsedS: number): Ratio[] {
  const right = [false, false, true, true, true, true, true, true];
  console.log("\n\n== 1. PermsTokenSigner.sign in-process (RS512, RSA-2048, no HTTP, no DB) ==");
  console.log(
    table(
      ["what", "conc", "n", "ops/s", "p50 us", "p99 us"],
      signRows.map((r) => [
        "sign",
        String(r.concurrency),
        `${r.summary.count}${r.summary.truncated ? "*" : ""}`,
        fmt.rate(r.summary.opsPerSec),
        fmt.us(r.summary.p50Ms),
        fmt.us(r.summary.p99Ms),
      ]),
      [false, true, true, true, true, true],
    ),
  );

  console.log("\n== 2+3. Over HTTP: real server (startApp), Node fetch keep-alive from a worker thread ==");
  console.log(
    table(
      ["db", "scenario", "conc", "n", "req/s", "p50 ms", "p99 ms", "errors"],
      httpRows.map((r) => [
        r.db,
        SCENARIO_LABEL[r.scenario],
        String(r.concurrency),
        `${r.summary.count}${r.summary.truncated ? "*" : ""}`,
        fmt.rate(r.summary.opsPerSec),
        fmt.ms(r.summary.p50Ms),
        fmt.ms(r.summary.p99Ms),
        String(r.summary.errors),
      ]),
      right,
    ),
  );
  if ([...signRows, ...httpRows].some((r) => r.summary.truncated)) console.log("* stopped by the per-scenario time cap before the planned count");

  const find = (db: Db, scenario: Scenario, concurrency: number) =>
    httpRows.find((r) => r.db === db && r.scenario === scenario && r.concurrency === concurrency)?.summary;
  const ratios: Ratio[] = [];
  const dbs = [...new Set(httpRows.map((r) => r.db))];
  const joins: Scenario[] = ["join-anon", "join-signed-in", "join-publisher"];

  for (const db of dbs) {
    for (const concurrency of CONCURRENCY) {
      const base = find(db, "typename", concurrency);
      for (const scenario of joins) {
        const join = find(db, scenario, concurrency);
        if (!base || !join) continue;
        ratios.push({
          kind: "join/typename",
          what: SCENARIO_LABEL[scenario],
          db,
          concurrency,
          value: join.opsPerSec / base.opsPerSec,
          extra: `joinToken adds ${fmt.ms(join.p50Ms - base.p50Ms)} ms at p50; GraphQL+HTTP floor = ${fmt.pct(join.opsPerSec / base.opsPerSec)} of its cost`,
        });
      }
    }
  }
  for (const db of dbs) {
    for (const concurrency of CONCURRENCY) {
      const sign = signRows.find((r) => r.concurrency === concurrency)?.summary;
      for (const scenario of joins) {
        const join = find(db, scenario, concurrency);
        if (!sign || !join) continue;
        ratios.push({
          kind: "sign/join",
          what: SCENARIO_LABEL[scenario],
          db,
          concurrency,
          value: sign.opsPerSec / join.opsPerSec,
          extra: `crypto ~ ${fmt.pct(join.opsPerSec / sign.opsPerSec)} of joinToken's cost (sign p50 ${fmt.ms(sign.p50Ms)} ms vs ${fmt.ms(join.p50Ms)} ms)`,
        });
      }
    }
  }
  for (const db of dbs) {
    for (const concurrency of CONCURRENCY) {
      const withWrite = find(db, "join-publisher", concurrency);
      const without = find(db, "join-signed-in", concurrency);
      if (!withWrite || !without) continue;
      ratios.push({
        kind: "write/no-write",
        what: "publisher +clientId vs no clientId",
        db,
        concurrency,
        value: withWrite.opsPerSec / without.opsPerSec,
        extra: `room_clients upsert adds ${fmt.ms(withWrite.p50Ms - without.p50Ms)} ms at p50`,
      });
    }
  }
  if (dbs.includes("pglite") && dbs.includes("postgres")) {
    for (const concurrency of CONCURRENCY) {
      for (const scenario of SCENARIOS) {
        const lite = find("pglite", scenario, concurrency);
        const pg = find("postgres", scenario, concurrency);
        if (!lite || !pg) continue;
        ratios.push({
          kind: "pglite/postgres",
          what: SCENARIO_LABEL[scenario],
          db: "-",
          concurrency,
          value: lite.opsPerSec / pg.opsPerSec,
          extra: `p50 ${fmt.ms(lite.p50Ms)} vs ${fmt.ms(pg.p50Ms)} ms; p99 ${fmt.ms(lite.p99Ms)} vs ${fmt.ms(pg.p99Ms)} ms`,
        });
      }
    }
  }

  const kindLabel: Record<Ratio["kind"], string> = {
    "join/typename": "joinToken req/s / __typename req/s",
    "sign/join": "sign ops/s / joinToken req/s",
    "write/no-write": "with clientId / without (req/s)",
    "pglite/postgres": "PGlite req/s / PostgreSQL req/s",
  };
  console.log("\n== Ratios (same run) ==");
  console.log(
    table(
      ["ratio", "scenario", "db", "conc", "value", "reading"],
      ratios.map((r) => [kindLabel[r.kind], r.what, r.db, String(r.concurrency), fmt.ratio(r.value), r.extra]),
      [false, false, false, true, true, false],
    ),
  );
  console.log("\nNotes:");
  for (const note of [
    ...notes,
    "Load generator and server share the same CPUs (2 here): HTTP numbers include client cost; compare ratios, not absolutes.",
    "sign at conc 8 runs 8 WebCrypto signs in flight (libuv thread pool); compare it with the conc-8 HTTP rows.",
    `Total bench time ${elapsedS.toFixed(1)} s.`,
  ]) {
    console.log(`  - ${note}`);
  }
  return ratios;
}

// ---------------------------------------------------------------- helpers

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${message}`);
  else process.stderr.write(`  ${message}\n`);
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) {
    throw new Error(`bench only talks to the loopback interface, refusing ${host}`);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

// ---------------------------------------------------------------- entry

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void shutdown(130);
  });
}
setTimeout(() => {
  console.error(`\nwatchdog: bench still running after ${WATCHDOG_MS / 1000} s, cleaning up`);
  void shutdown(2);
}, WATCHDOG_MS).unref();

main().then(
  (code) => shutdown(code),
  (error: unknown) => {
    console.error("\nbench failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    return shutdown(1);
  },
);
