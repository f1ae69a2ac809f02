// PGlite runs one unit of work at a time behind a lock that is not re-entrant: a nested unit must
// fail at once and loudly, not wait forever for the lock its own caller holds.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { Database, NestedUnitOfWorkError } from "../../src/db/database.js";

describe("units of work on PGlite", () => {
  let dataSource: DataSource;
  let db: Database;
  beforeAll(async () => {
    dataSource = createDataSource({ pgliteDataDir: "memory://" });
    await dataSource.initialize();
    db = new Database(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it.each([
    ["run inside run", () => db.run(() => db.run((m) => m.query("SELECT 1")))],
    ["transaction inside run", () => db.run(() => db.transaction((m) => m.query("SELECT 1")))],
    ["run inside transaction", () => db.transaction(() => db.run((m) => m.query("SELECT 1")))],
    ["transaction inside transaction", () => db.transaction(() => db.transaction((m) => m.query("SELECT 1")))],
    ["a prepared statement (db.query) inside run", () => db.run(() => db.query({ name: "nesting_probe_select", text: "SELECT 1 AS n" }, []))],
    ["run inside run, a few awaits deep", () => db.run(async (m) => {
      await m.query("SELECT 1");
      await Promise.resolve();
      return db.run((inner) => inner.query("SELECT 2"));
    })],
  ])("%s throws NestedUnitOfWorkError naming the mistake instead of deadlocking", async (_name, nested) => {
    await expect(nested()).rejects.toThrow(NestedUnitOfWorkError);
    await expect(nested()).rejects.toThrow(/inside another unit of work/);
  });

  it("rolls back the outer transaction when a nested unit fails, and releases the lock", async () => {
    await db.run((m) => m.query("CREATE TABLE IF NOT EXISTS nesting_probe (n int)"));
    await expect(db.transaction(async (m) => {
      await m.query("INSERT INTO nesting_probe VALUES (1)");
      await db.run((inner) => inner.query("SELECT 1"));
    })).rejects.toThrow(NestedUnitOfWorkError);
    expect(await db.run((m) => m.query("SELECT count(*)::int AS n FROM nesting_probe"))).toEqual([{ n: 0 }]);
  });

  it("still refuses a nested unit after many units have come and gone", async () => {
    for (let i = 0; i < 5; i++) await db.run((m) => m.query("SELECT 1"));
    await expect(db.run(() => db.run((m) => m.query("SELECT 1")))).rejects.toThrow(NestedUnitOfWorkError);
  });

  it("runs prepared statements side by side with units, each behind the lock", async () => {
    const statement = { name: "nesting_probe_value", text: "SELECT $1::int AS n" };
    const results = await Promise.all([db.query(statement, [1]), db.run((m) => m.query("SELECT 2 AS n")), db.query(statement, [3])]);
    expect(results).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
  });

  it("lets units run one after another and side by side (queued, not nested)", async () => {
    const results = await Promise.all([1, 2, 3].map((n) => db.run((m) => m.query(`SELECT ${n} AS n`))));
    expect(results).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
  });

  it("lets a continuation left behind by a finished unit start a unit of its own", async () => {
    let later: Promise<unknown> | undefined;
    await db.run(async (m) => {
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => db.run((inner) => inner.query("SELECT 1 AS n")));
      return m.query("SELECT 1");
    });
    await expect(later).resolves.toEqual([{ n: 1 }]);
  });
});
