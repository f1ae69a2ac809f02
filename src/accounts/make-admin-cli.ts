// npm run users:make-admin -- <email> [--revoke]
// Exit codes: 0 done, 1 unknown email or database problem, 2 usage or configuration problem.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { createDataSource } from "../db/data-source.js";
import { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { setAdminByEmail } from "./admin.service.js";

const USAGE = `Usage: npm run users:make-admin -- <email> [--revoke]

Makes an existing user an admin (admins can moderate and manage any room),
or with --revoke takes that away. Uses the server's database settings:
DATABASE_URL when set, otherwise embedded PGlite under DATA_DIR (or PGLITE_DATA_DIR).

Embedded PGlite can be opened by one process at a time: stop the server while
this runs. With DATABASE_URL (PostgreSQL) the server may keep running.`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): { email: string; revoke: boolean } | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { revoke: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return "help";
  const [email, ...extra] = parsed.positionals;
  if (!email?.trim()) throw new UsageError("an email is required");
  if (extra.length > 0) throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}`);
  return { email, revoke: parsed.values.revoke ?? false };
}

async function main(argv: string[]): Promise<number> {
  let args;
  let config: Config;
  try {
    args = parseCommandLine(argv);
    if (args === "help") {
      console.log(USAGE);
      return 0;
    }
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error.message);
    return 2;
  }

  const pglite = !config.databaseUrl && !config.pgliteDataDir.startsWith("memory://");
  // Unlike the server, never create a PGlite folder: a wrong DATA_DIR would otherwise
  // silently get a fresh, empty database and the real one would stay untouched.
  if (pglite && !existsSync(config.pgliteDataDir)) {
    console.error(`No PGlite database at ${config.pgliteDataDir}: start the server once, or set DATA_DIR, PGLITE_DATA_DIR or DATABASE_URL`);
    return 1;
  }

  const dataSource = createDataSource({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
  try {
    await dataSource.initialize();
    if (config.migrateOnStart) {
      await dataSource.runMigrations();
    } else if (await dataSource.showMigrations()) {
      console.error("The database has pending migrations and MIGRATE_ON_START is false: migrate it first");
      return 1;
    }
    const user = await setAdminByEmail(new Database(dataSource), args.email, !args.revoke);
    console.log(`${user.email} ${user.isAdmin ? "is now an admin" : "is no longer an admin"}`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      console.error(`No user with email ${args.email.trim()}`);
      return 1;
    }
    console.error(`users:make-admin failed: ${(error as Error).message}`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
