// PostgreSQL plans a prepared statement's first five executions with their parameter values
// (custom plans) and keeps planning every execution whenever those came out cheaper than the
// generic plan. For roomkey's hot statements that was the common case (a batch of a few keys, an
// anonymous caller's null user id), and the planning cost more than running the plan. These pin
// that each hot statement settles on its generic plan after the five trials, on both databases,
// even when its first executions bring the values that kept PostgreSQL planning (small batches,
// null user ids).
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import pg from "pg";
import type { DataSource } from "typeorm";
import { getPGliteInstance } from "typeorm-pglite";
import { SESSION_USER } from "../../src/accounts/session-lookup.js";
import { createDataSource } from "../../src/db/data-source.js";
import type { Statement } from "../../src/db/database.js";
import { queryPrepared } from "../../src/db/pglite-statements.js";
import { RATE_LIMIT_TABLE } from "../../src/limits/limiter-store.js";
import { upsertManySql } from "../../src/limits/shared-postgres-limiter.js";
import { ENTRY_FACTS, SESSION_ENTRY_FACTS } from "../../src/rooms/access.service.js";
import { REMEMBER_CLIENT } from "../../src/rooms/room-clients.js";
import { createTestDatabase } from "../support/postgres.js";

const EXECUTIONS = 20;
/** PostgreSQL's fixed number of trial custom plans before it compares them with the generic plan. */
const TRIAL_CUSTOM_PLANS = 5;

const hash = () => randomBytes(32);
const slug = () => `room-${randomBytes(4).toString("hex")}`;
/** Batch sizes as they come: small while load is light (when the five trials happen), larger later. */
const batchSize = (execution: number) => (execution < TRIAL_CUSTOM_PLANS ? 2 + (execution % 2) : 2 + ((execution * 7) % 30));
const sometimesNull = <T>(execution: number, value: () => T) => (execution % 3 === 0 ? null : value());
const column = <T>(size: number, value: (i: number) => T) => Array.from({ length: size }, (_, i) => value(i));

interface HotStatement {
  statement: Statement;
  /** The values of the n-th execution. */
  values(execution: number): unknown[];
}

/** A user and a room for REMEMBER_CLIENT, whose rows reference both. */
const FIXTURE = { roomId: randomUUID(), userId: randomUUID() };
const FIXTURE_SQL = [
  `INSERT INTO users (id, email, password_hash) VALUES ('${FIXTURE.userId}', 'plans@example.test', '!')`,
  `INSERT INTO rooms (id, slug, name, owner_id) VALUES ('${FIXTURE.roomId}', 'plans-room', 'Plans', '${FIXTURE.userId}')`,
];

const LOOKUPS: HotStatement[] = [
  { statement: SESSION_USER.one, values: () => [hash()] },
  { statement: SESSION_USER.many, values: (n) => [column(batchSize(n), hash)] },
  // Anonymous callers (null user) come first: that is what an idle server sees.
  { statement: ENTRY_FACTS.one, values: (n) => [slug(), n < TRIAL_CUSTOM_PLANS ? null : sometimesNull(n, randomUUID), sometimesNull(n + 1, slug)] },
  {
    statement: ENTRY_FACTS.many,
    values: (n) => [column(batchSize(n), slug), column(batchSize(n), (i) => (n < TRIAL_CUSTOM_PLANS || i % 2 ? null : randomUUID())), column(batchSize(n), () => null)],
  },
  { statement: SESSION_ENTRY_FACTS.one, values: (n) => [hash(), slug(), sometimesNull(n, slug)] },
  { statement: SESSION_ENTRY_FACTS.many, values: (n) => [column(batchSize(n), hash), column(batchSize(n), slug), column(batchSize(n), (i) => (i % 2 ? null : slug()))] },
  // A write on a refreshing client's path: a new client id of the fixture user in the fixture room each time.
  { statement: REMEMBER_CLIENT, values: () => [FIXTURE.roomId, FIXTURE.userId, slug()] },
];

const BUDGET_CHARGES: HotStatement = {
  statement: { name: "roomkey_limit_upsert_many_v1:probe", text: upsertManySql(RATE_LIMIT_TABLE) },
  values: (n) => {
    const keys = column(batchSize(n), () => `media-access:${randomUUID()}`).sort();
    return [keys, keys.map(() => 1), keys.map(() => Date.now() + 60_000), Date.now()];
  },
};

interface PlanCounts {
  generic_plans: number;
  custom_plans: number;
}

function expectSettledOnGeneric(name: string, counts: PlanCounts | undefined) {
  expect({ name, ...counts }).toEqual({ name, generic_plans: EXECUTIONS - TRIAL_CUSTOM_PLANS, custom_plans: TRIAL_CUSTOM_PLANS });
}

const PLAN_COUNTS_SQL = "SELECT name, generic_plans::int, custom_plans::int FROM pg_prepared_statements";

describe("hot statements run their generic plan after PostgreSQL's trial custom plans", () => {
  describe("on PostgreSQL", () => {
    let database: { url: string; drop: () => Promise<void> };
    let client: pg.Client;
    beforeAll(async () => {
      database = await createTestDatabase();
      const dataSource = createDataSource({ databaseUrl: database.url });
      await dataSource.initialize();
      await dataSource.runMigrations();
      for (const sql of FIXTURE_SQL) await dataSource.query(sql);
      await dataSource.destroy();
      // One connection: prepared statements and their plan counts are per session.
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    it.each([...LOOKUPS, BUDGET_CHARGES].map((hot) => [hot.statement.name, hot] as const))("%s", async (name, { statement, values }) => {
      for (let n = 0; n < EXECUTIONS; n++) await client.query({ name: statement.name, text: statement.text, values: values(n) });
      const { rows } = await client.query<PlanCounts & { name: string }>(`${PLAN_COUNTS_SQL} WHERE name = $1`, [name]);
      expectSettledOnGeneric(name, rows[0]);
    });
  });

  describe("on PGlite", () => {
    let dataSource: DataSource;
    beforeAll(async () => {
      dataSource = createDataSource({ pgliteDataDir: "memory://" });
      await dataSource.initialize();
      await dataSource.runMigrations();
      for (const sql of FIXTURE_SQL) await dataSource.query(sql);
    });
    afterAll(() => dataSource?.destroy());

    // The budget counters live in memory when the database is PGlite.
    it.each(LOOKUPS.map((hot) => [hot.statement.name, hot] as const))("%s", async (name, { statement, values }) => {
      const pglite = await getPGliteInstance();
      for (let n = 0; n < EXECUTIONS; n++) await queryPrepared(pglite, statement, values(n));
      const { rows } = await pglite.query<PlanCounts & { name: string }>(`${PLAN_COUNTS_SQL} WHERE name = $1`, [name]);
      expectSettledOnGeneric(name, rows[0]);
    });
  });
});
