// joinToken pays for a credential with UsageBudgets.spendMediaAccess: the charge's round trip to the
// store overlaps the entry decision and the signature. These pin down that the budget still decides
// exactly as a charge made first would, on each store: the same number of credentials per window,
// RATE_LIMITED over the budget whatever the work did, and no work at all for a requester this
// instance already knows to be over budget.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { pino } from "pino";
import { createDataSource } from "../../src/db/data-source.js";
import { DomainError, notFound } from "../../src/errors.js";
import { openLimiterStore, RATE_LIMIT_TABLE, type LimiterStore } from "../../src/limits/limiter-store.js";
import { UsageBudgets } from "../../src/limits/usage-budgets.js";
import { createTestDatabase } from "../support/postgres.js";

const silent = pino({ level: "silent" });
const REDIS_URL = "redis://127.0.0.1:6379";

interface StoreUnderTest {
  name: string;
  open(): Promise<LimiterStore>;
  /** Makes the store fail from now on; undefined where it cannot fail (memory). */
  breakStore?(): Promise<void>;
}

let databaseUrl: string;
let dropDatabase: () => Promise<void>;
const redisPrefix = `roomkey-test-spend-${randomBytes(4).toString("hex")}`;

const STORES: StoreUnderTest[] = [
  { name: "memory", open: () => openLimiterStore({ databaseUrl: undefined, limits: { redisUrl: undefined, redisKeyPrefix: "t", joinTokensPerMinute: 0, createRoomsPerHour: 0 } }, silent) },
  {
    name: "PostgreSQL",
    open: () => openLimiterStore({ databaseUrl, limits: { redisUrl: undefined, redisKeyPrefix: "t", joinTokensPerMinute: 0, createRoomsPerHour: 0 } }, silent),
    async breakStore() {
      const dataSource = createDataSource({ databaseUrl });
      await dataSource.initialize();
      await dataSource.query(`ALTER TABLE ${RATE_LIMIT_TABLE} RENAME TO ${RATE_LIMIT_TABLE}_gone`);
      await dataSource.destroy();
    },
  },
  { name: "Redis", open: () => openLimiterStore({ databaseUrl: undefined, limits: { redisUrl: REDIS_URL, redisKeyPrefix: redisPrefix, joinTokensPerMinute: 0, createRoomsPerHour: 0 } }, silent) },
];

beforeAll(async () => {
  const database = await createTestDatabase();
  databaseUrl = database.url;
  dropDatabase = database.drop;
  const dataSource = createDataSource({ databaseUrl });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
});
afterAll(async () => {
  await dropDatabase?.();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const codeOf = (settled: PromiseSettledResult<unknown>) =>
  settled.status === "fulfilled" ? settled.value : settled.reason instanceof DomainError ? settled.reason.code : String(settled.reason);

describe.each(STORES)("spending JOIN_TOKENS_PER_MINUTE on media credentials, $name store", (store) => {
  let limiters: LimiterStore;
  let budgets: UsageBudgets;
  beforeAll(async () => {
    limiters = await store.open();
    budgets = new UsageBudgets(limiters, { joinTokensPerMinute: 3, createRoomsPerHour: 0 });
  });
  afterAll(() => limiters?.close());

  const user = (name: string) => ({ userId: `${name}-${randomBytes(4).toString("hex")}`, clientIp: "192.0.2.1" });

  it("hands out exactly 3 of 6 credentials asked for together, then refuses the rest with RATE_LIMITED", async () => {
    const ada = user("ada");
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => budgets.spendMediaAccess(ada, async () => `token ${i}`)));
    expect(settled.map(codeOf)).toEqual(["token 0", "token 1", "token 2", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("does no work at all for a requester it already refused, until their window ends", async () => {
    const bo = user("bo");
    let worked = 0;
    const work = async () => ++worked;
    for (let i = 0; i < 4; i++) await budgets.spendMediaAccess(bo, work).catch(() => undefined); // 3 credentials, then the refusal that finds the budget spent
    const before = worked;
    const refused = await Promise.allSettled(Array.from({ length: 20 }, () => budgets.spendMediaAccess(bo, work)));
    expect(refused.map(codeOf)).toEqual(Array(20).fill("RATE_LIMITED"));
    expect(worked - before).toBe(0);
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThanOrEqual(4); // the attempt that finds the budget spent may have done its work for nothing
  });

  it("counts a refused entry against the budget like a granted one, and passes the refusal on", async () => {
    const cy = user("cy");
    const denied = async () => {
      throw notFound("Room");
    };
    const settled = [];
    for (let i = 0; i < 4; i++) settled.push(await budgets.spendMediaAccess(cy, denied).then((v) => ({ status: "fulfilled" as const, value: v }), (reason: unknown) => ({ status: "rejected" as const, reason })));
    expect(settled.map(codeOf)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "RATE_LIMITED"]);
  });

  it("keeps users' budgets apart", async () => {
    const [dee, eve] = [user("dee"), user("eve")];
    for (let i = 0; i < 3; i++) await budgets.spendMediaAccess(dee, async () => "ok");
    await expect(budgets.spendMediaAccess(dee, async () => "ok")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(budgets.spendMediaAccess(eve, async () => "ok")).resolves.toBe("ok");
  });

  if (store.breakStore) {
    it("refuses with UPSTREAM_UNAVAILABLE, never the work's result, when the store cannot count", async () => {
      await store.breakStore!();
      await expect(budgets.spendMediaAccess(user("fay"), async () => "a credential")).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    });
  }
});
