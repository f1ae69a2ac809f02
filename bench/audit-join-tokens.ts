// Would auditing every joinToken be affordable? Appends rows shaped like a "join token issued" event
// (actor, room slug, client id and role in details), one transaction each as joinToken would add,
// and reports the cost per insert and the bytes per row (table + indexes), on PGlite and PostgreSQL.
//
//   npm run bench:audit                 (builds first)
//   npm run bench:audit -- --rows 5000
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { recordAudit } from "../src/audit/audit.service.js";
import { createDataSource } from "../src/db/data-source.js";
import { Database } from "../src/db/database.js";
import { createBenchDatabase } from "./postgres.js";

const { values } = parseArgs({ options: { rows: { type: "string", default: "3000" }, "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" } } });
const rows = Number(values.rows);
// The example: 10,000 signed-in users whose clients refresh a 5-minute token every 4 minutes.
const USERS = 10_000;
const REFRESH_SECONDS = 240;

async function measure(kind: "pglite" | "postgres"): Promise<{ kind: string; microsPerInsert: number; bytesPerRow: number }> {
  const pgDatabase = kind === "postgres" ? await createBenchDatabase(values["pg-url"]!) : undefined;
  const dataSource = createDataSource(pgDatabase ? { databaseUrl: pgDatabase.url } : { pgliteDataDir: "memory://" });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const db = new Database(dataSource);
    const actors = Array.from({ length: 200 }, () => randomUUID());
    const started = process.hrtime.bigint();
    for (let i = 0; i < rows; i++) {
      await db.transaction((manager) =>
        recordAudit(manager, {
          action: "ROOM_UPDATED", // stand-in: the table's CHECK admits only real actions; the row shape is what counts
          actorId: actors[i % actors.length]!,
          roomSlug: `room-${i % 500}-abcdef`,
          details: { clientId: `client-${randomUUID()}`, role: "PUBLISHER" },
        }),
      );
    }
    const micros = Number(process.hrtime.bigint() - started) / 1000 / rows;
    await dataSource.query("VACUUM ANALYZE audit_events");
    const [{ bytes }] = await dataSource.query(`SELECT pg_total_relation_size('audit_events')::bigint AS bytes`);
    return { kind, microsPerInsert: micros, bytesPerRow: Number(bytes) / rows };
  } finally {
    await dataSource.destroy();
    await pgDatabase?.drop();
  }
}

const perDay = (USERS * 86_400) / REFRESH_SECONDS;
console.log(`${rows} audit inserts, one transaction each; ${USERS} users refreshing every ${REFRESH_SECONDS} s = ${(USERS / REFRESH_SECONDS).toFixed(1)} inserts/s, ${perDay.toLocaleString("en")} rows/day`);
for (const kind of ["pglite", "postgres"] as const) {
  const result = await measure(kind);
  const gbPerDay = (result.bytesPerRow * perDay) / 1e9;
  console.log(
    `${kind.padEnd(8)} ${result.microsPerInsert.toFixed(0)} µs per insert; ${result.bytesPerRow.toFixed(0)} bytes per row with indexes` +
      ` -> ${gbPerDay.toFixed(2)} GB/day, ${(gbPerDay * 30).toFixed(0)} GB/30 days; ${((USERS / REFRESH_SECONDS) * result.microsPerInsert / 1e4).toFixed(1)}% of one database connection's time (PGlite has only one)`,
  );
}
