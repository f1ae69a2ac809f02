// PGlite has one session per process: without serialisation, a write that overlaps another
// request's transaction runs inside it and vanishes when that transaction rolls back.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { User } from "../../src/accounts/user.entity.js";
import { createDataSource } from "../../src/db/data-source.js";
import { Database } from "../../src/db/database.js";

describe("PGlite unit-of-work serialisation", () => {
  let db: Database;
  beforeAll(async () => {
    const dataSource = createDataSource({ pgliteDataDir: "memory://" });
    await dataSource.initialize();
    await dataSource.runMigrations();
    db = new Database(dataSource);
  });
  afterAll(() => db?.dataSource.destroy());

  const newUser = (email: string) => ({ email, passwordHash: "x", displayName: null, isAdmin: false });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("keeps a committed write when an overlapping transaction fails", async () => {
    expect(db.kind).toBe("pglite");
    let failingStarted!: () => void;
    const started = new Promise<void>((resolve) => (failingStarted = resolve));
    const failing = db.transaction(async (manager) => {
      await manager.insert(User, newUser("rolled-back@example.com"));
      failingStarted();
      await sleep(50); // the other writes are issued while this transaction is open
      throw new Error("boom");
    });
    // Start these only once the failing transaction is open, so they truly overlap it.
    const succeeding = started.then(() => db.transaction((manager) => manager.insert(User, newUser("committed@example.com"))));
    const plainWrite = started.then(() => db.run((manager) => manager.insert(User, newUser("plain@example.com"))));

    await expect(failing).rejects.toThrow("boom");
    await Promise.all([succeeding, plainWrite]);
    const emails = (await db.run((manager) => manager.find(User))).map((user) => user.email).sort();
    expect(emails).toEqual(["committed@example.com", "plain@example.com"]);
  });

  it("runs many overlapping transactions without losing or mixing any", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (manager) => {
          await manager.insert(User, newUser(`batch-${i}@example.com`));
          await sleep(1);
          if (i % 3 === 0) throw new Error(`fail ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(7);
    const stored = await db.run((manager) => manager.createQueryBuilder(User, "u").where("u.email LIKE 'batch-%'").getCount());
    expect(stored).toBe(13);
  });
});
