// Fails the run loudly when the real PostgreSQL the integration suites need is not reachable.
import pg from "pg";
import { adminDatabaseUrl } from "./postgres.js";

export default async function globalSetup(): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminDatabaseUrl()} (${(error as Error).message}). ` +
        "The integration suites run on real PostgreSQL too: start it (bash .ci/start-postgres) or set TEST_POSTGRES_URL.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
