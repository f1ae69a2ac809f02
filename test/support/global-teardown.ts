// Drops whatever databases this run left behind (a crashed suite cannot drop its own).
import pg from "pg";

export default async function globalTeardown(): Promise<void> {
  const run = process.env.ROOMKEY_TEST_RUN;
  if (!run) return;
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`roomkey_test_${run}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
