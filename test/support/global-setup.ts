// Runs once before the integration project's suites (jest skips it when only unit tests run;
// outside jest's module system, so it imports only packages): fails loudly when the real
// PostgreSQL the integration suites need is unreachable, and names this run so teardown drops
// only this run's databases.
import { randomBytes } from "node:crypto";
import pg from "pg";

export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${(error as Error).message}). The integration suites run on real ` +
        "PostgreSQL as well as PGlite: start it (bash scripts/ensure-postgres.sh) or point TEST_POSTGRES_URL at one.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.ROOMKEY_TEST_RUN = randomBytes(3).toString("hex");
}
