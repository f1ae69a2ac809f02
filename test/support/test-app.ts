// Starts the real app on a random port with a fresh database, so scenarios read like user stories.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/logger.js";
import { createTestDatabase } from "./postgres.js";

export type TestDatabase = "postgres" | "pglite";
export const TEST_DATABASES: TestDatabase[] = ["postgres", "pglite"];

export interface TestApp extends RunningApp {
  database: TestDatabase;
  dataDir: string;
}

export async function startTestApp(
  options: {
    database?: TestDatabase;
    env?: Record<string, string>;
    logger?: Logger;
    /** A PostgreSQL database of the test's own, kept afterwards. */
    postgresUrl?: string;
  } = {},
): Promise<TestApp> {
  const database = options.postgresUrl ? "postgres" : (options.database ?? "pglite");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-test-"));
  const postgres = options.postgresUrl
    ? { url: options.postgresUrl, drop: async () => undefined }
    : database === "postgres"
      ? await createTestDatabase()
      : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    // Every scenario signs people up from 127.0.0.1; the per-IP budget has its own test.
    AUTH_ATTEMPTS_PER_MINUTE: "100000",
    DATA_DIR: dataDir,
    // PGlite in memory: fast and thrown away; the on-disk folder is covered by the start-up test.
    ...(postgres ? { DATABASE_URL: postgres.url } : { PGLITE_DATA_DIR: "memory://" }),
    ...options.env,
  });
  const app = await startApp(config, { logger: options.logger });
  return {
    ...app,
    database,
    dataDir,
    stop: async () => {
      await app.stop();
      await postgres?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
