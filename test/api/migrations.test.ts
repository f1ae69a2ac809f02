// The migrations are the schema: they must match the entities exactly and revert cleanly, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { createTestDatabase } from "../support/postgres.js";
import { TEST_DATABASES } from "../support/test-app.js";

describe.each(TEST_DATABASES)("migrations on %s", (database) => {
  let dataSource: DataSource;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (database === "postgres") {
      const created = await createTestDatabase();
      drop = created.drop;
      dataSource = createDataSource({ databaseUrl: created.url });
    } else {
      dataSource = createDataSource({ pgliteDataDir: "memory://" });
    }
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it("build exactly the schema the entities describe", async () => {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it("revert to an empty database", async () => {
    while ((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0) await dataSource.undoLastMigration();
    const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
    expect(tables).toEqual([]);
  });
});
