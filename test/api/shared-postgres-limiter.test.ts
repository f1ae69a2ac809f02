// The PostgreSQL rate limiter sends the counter updates of one event-loop turn as one statement.
// These pin down that it still counts exactly like one update per request: in call order, per key,
// windows restarting when they end, and penalties and blocks as the library makes them.
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import pg from "pg";
import { RateLimiterRes } from "rate-limiter-flexible";
import { createDataSource } from "../../src/db/data-source.js";
import { RATE_LIMIT_TABLE } from "../../src/limits/limiter-store.js";
import { SharedRateLimiterPostgres } from "../../src/limits/shared-postgres-limiter.js";
import { createTestDatabase } from "../support/postgres.js";

describe("rate limits in PostgreSQL, counter updates shared per turn", () => {
  let drop: () => Promise<void>;
  let pool: pg.Pool;
  const limiter = (points: number, keyPrefix = "test") =>
    new SharedRateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: RATE_LIMIT_TABLE, tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration: 60 });
  const counter = async (key: string) =>
    (await pool.query<{ points: number }>(`SELECT points FROM ${RATE_LIMIT_TABLE} WHERE key = $1`, [key])).rows[0]?.points ?? null;
  /** Each consume's outcome: the points it saw consumed, or "refused". */
  const outcomes = (settled: PromiseSettledResult<RateLimiterRes>[]) =>
    settled.map((result) => (result.status === "fulfilled" ? result.value.consumedPoints : result.reason instanceof RateLimiterRes ? "refused" : result.reason));

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const dataSource = createDataSource({ databaseUrl: database.url });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await drop?.();
  });

  it("lets exactly the first 3 of 5 consumes made together through, in call order, with one statement", async () => {
    const budget = limiter(3, "together");
    const spy = jest.spyOn(pool, "query");
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => budget.consume("alice")));
    expect(outcomes(settled)).toEqual([1, 2, 3, "refused", "refused"]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(await counter("together:alice")).toBe(5);
  });

  it("lets exactly 3 of 6 consumes through when two limiters (two server processes) share the table", async () => {
    const [first, second] = [limiter(3, "two"), limiter(3, "two")];
    const settled = await Promise.allSettled([first, second, first, second, first, second].map((budget) => budget.consume("zoe")));
    expect(outcomes(settled).filter((outcome) => outcome === "refused")).toHaveLength(3);
    expect(await counter("two:zoe")).toBe(6);
  });

  it("counts keys made together each on their own", async () => {
    const budget = limiter(2, "keys");
    const keys = ["a", "b", "a", "c", "a", "b"];
    const settled = await Promise.allSettled(keys.map((key) => budget.consume(key)));
    expect(outcomes(settled)).toEqual([1, 1, 2, 1, "refused", 2]);
    expect([await counter("keys:a"), await counter("keys:b"), await counter("keys:c")]).toEqual([3, 2, 1]);
  });

  it("goes on counting from what earlier turns stored, and answers a consume alone too", async () => {
    const budget = limiter(4, "turns");
    await budget.consume("bob");
    expect(outcomes(await Promise.allSettled([budget.consume("bob"), budget.consume("bob")]))).toEqual([2, 3]);
    expect((await budget.consume("bob")).remainingPoints).toBe(0);
    await expect(budget.consume("bob")).rejects.toBeInstanceOf(RateLimiterRes);
  });

  it("starts a new window from the new points once the stored one has ended", async () => {
    const budget = limiter(2, "window");
    await budget.consume("carol");
    await budget.consume("carol");
    await pool.query(`UPDATE ${RATE_LIMIT_TABLE} SET expire = $1 WHERE key = 'window:carol'`, [Date.now() - 1000]);
    const fresh = await budget.consume("carol");
    expect(fresh.consumedPoints).toBe(1);
    expect(fresh.msBeforeNext).toBeGreaterThan(55_000);
  });

  it("adds penalties and takes rewards through the shared statement, and blocks through the library's own", async () => {
    const budget = limiter(5, "adjust");
    await budget.penalty("dave", 3);
    await budget.reward("dave", 1);
    expect(await counter("adjust:dave")).toBe(2);
    await budget.block("dave", 30);
    expect(await counter("adjust:dave")).toBe(6); // points + 1: blocked
    await expect(budget.consume("dave")).rejects.toBeInstanceOf(RateLimiterRes);
  });

  it("rejects every consume of a turn with the store's error when PostgreSQL refuses the statement, and counts again afterwards", async () => {
    const budget = limiter(5, "outage");
    await pool.query(`ALTER TABLE ${RATE_LIMIT_TABLE} RENAME TO rate_limits_away`);
    try {
      const settled = await Promise.allSettled([budget.consume("erin"), budget.consume("frank")]);
      expect(settled.map((result) => result.status === "rejected" && !(result.reason instanceof RateLimiterRes))).toEqual([true, true]);
    } finally {
      await pool.query(`ALTER TABLE rate_limits_away RENAME TO ${RATE_LIMIT_TABLE}`);
    }
    expect((await budget.consume("erin")).consumedPoints).toBe(1);
  });
});
