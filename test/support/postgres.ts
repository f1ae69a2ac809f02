// One throw-away PostgreSQL database per test file, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Named after the run (see global-setup) so teardown drops only this run's leftovers. */
const PREFIX = `roomkey_test_${process.env.ROOMKEY_TEST_RUN ?? "adhoc"}_`;

/** Server-level URL used to create and drop test databases (tests only; the app reads config). */
export function adminDatabaseUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${PREFIX}${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
