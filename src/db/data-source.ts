import "reflect-metadata";
import path from "node:path";
import { DataSource } from "typeorm";
import { PGliteDriver } from "typeorm-pglite";
import { migrations } from "../../migrations/index.js";
import { entities } from "./entities.js";

export interface DatabaseTarget {
  /** Real PostgreSQL when set. */
  databaseUrl?: string;
  /** PGlite data folder, or "memory://" for a throw-away database. */
  pgliteDataDir?: string;
  /** PostgreSQL statement_timeout; 0 = none (the migration CLI, where an index build may take long). */
  statementTimeoutMs?: number;
}

/**
 * Bounds on every PostgreSQL wait, so a database that is down, restarting or stuck answers
 * UPSTREAM_UNAVAILABLE within seconds instead of holding requests (and pool slots) open.
 */
export const POSTGRES_LIMITS = {
  poolSize: 10,
  /** Waiting for a connection: a new one to a blackholed host, or a free slot in a busy pool. */
  connectTimeoutMs: 10_000,
  /** Server-side cap on one statement; request queries take milliseconds. */
  statementTimeoutMs: 15_000,
  /** Client-side cap on one query, for a server that stops answering without closing the socket. */
  queryTimeoutMs: 20_000,
  /** The server ends a session left idle inside a transaction (a crashed request), freeing its locks. */
  idleInTransactionTimeoutMs: 30_000,
};

/** A DataSource for either real PostgreSQL or embedded PGlite; the same migrations serve both. */
export function createDataSource(target: DatabaseTarget): DataSource {
  const common = {
    type: "postgres" as const,
    entities,
    migrations,
    synchronize: false,
    migrationsTransactionMode: "each" as const,
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; PGlite has no uuid-ossp/pgcrypto to install.
    installExtensions: false,
    uuidExtension: "pgcrypto" as const,
  };
  if (target.databaseUrl) {
    const statementTimeoutMs = target.statementTimeoutMs ?? POSTGRES_LIMITS.statementTimeoutMs;
    return new DataSource({
      ...common,
      url: target.databaseUrl,
      extra: {
        max: POSTGRES_LIMITS.poolSize,
        connectionTimeoutMillis: POSTGRES_LIMITS.connectTimeoutMs,
        statement_timeout: statementTimeoutMs,
        query_timeout: statementTimeoutMs ? POSTGRES_LIMITS.queryTimeoutMs : undefined,
        idle_in_transaction_session_timeout: POSTGRES_LIMITS.idleInTransactionTimeoutMs,
        keepAlive: true,
      },
    });
  }
  const dataDir = target.pgliteDataDir ?? "memory://";
  return new DataSource({
    ...common,
    driver: new PGliteDriver({ dataDir: dataDir.startsWith("memory://") ? dataDir : path.resolve(dataDir) }).driver,
  });
}

export const isPglite = (dataSource: DataSource): boolean => !(dataSource.options as { url?: string }).url;
