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
}

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
    return new DataSource({ ...common, url: target.databaseUrl, extra: { max: 10 } });
  }
  const dataDir = target.pgliteDataDir ?? "memory://";
  return new DataSource({
    ...common,
    driver: new PGliteDriver({ dataDir: dataDir.startsWith("memory://") ? dataDir : path.resolve(dataDir) }).driver,
  });
}

export const isPglite = (dataSource: DataSource): boolean => !(dataSource.options as { url?: string }).url;
