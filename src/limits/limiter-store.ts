// Where rate-limit counters live, so every instance counts the same attempts: Redis when REDIS_URL
// is set, else PostgreSQL (table rate_limits, created by a migration) with DATABASE_URL, else
// process memory (embedded PGlite is one process anyway). Every counter update is atomic in the
// store (rate-limiter-flexible: INSERT ... ON CONFLICT in PostgreSQL, a Lua script in Redis), and the
// updates of requests that arrive together share one round trip (one statement; one pipeline).
import { POSTGRES_LIMITS } from "../db/data-source.js";
import { Redis } from "ioredis";
import pg from "pg";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { SharedRateLimiterPostgres } from "./shared-postgres-limiter.js";

export const RATE_LIMIT_TABLE = "rate_limits";

export interface LimiterOptions {
  /** Separates this limiter's keys from the others' in the shared store. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface LimiterStore {
  kind: "redis" | "postgres" | "memory";
  limiter(options: LimiterOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

export async function openLimiterStore(config: Pick<Config, "databaseUrl" | "limits">, logger: Logger): Promise<LimiterStore> {
  if (config.limits.redisUrl) return openRedisStore(config.limits.redisUrl, config.limits.redisKeyPrefix, logger);
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, logger);
  return { kind: "memory", limiter: ({ name, points, durationSeconds }) => new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }), close: async () => {} };
}

/**
 * Once a key is over its budget this instance remembers that until the window ends and answers
 * from memory (inMemoryBlockOnConsumed): a flood costs the store nothing more.
 */
const blockInMemoryOnceOver = (points: number) => ({ inMemoryBlockOnConsumed: points + 1 });

async function openRedisStore(url: string, prefix: string, logger: Logger): Promise<LimiterStore> {
  // No offline queue: while Redis is unreachable a call fails at once (UPSTREAM_UNAVAILABLE) rather
  // than requests piling up.
  // Auto-pipelining: the budget checks of requests that arrive together go to Redis in one write.
  const redis = new Redis(url, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: true });
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
    logger.warn({ err: error }, "Redis (rate limits) connection error");
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect(); // ioredis would go on reconnecting in the background
    // Not the URL itself: it may hold a password.
    throw new Error(`REDIS_URL: cannot connect to Redis (${(lastError ?? (error as Error)).message})`, { cause: error });
  }
  return {
    kind: "redis",
    limiter: ({ name, points, durationSeconds }) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: durationSeconds,
        ...blockInMemoryOnceOver(points),
        // No in-memory insurance limiter: while Redis is down it would count per process and let
        // every instance spend a whole budget. A store error answers UPSTREAM_UNAVAILABLE instead.
      }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

async function openPostgresStore(url: string, logger: Logger): Promise<LimiterStore> {
  // A small pool of its own: limit checks never wait behind the application's queries.
  // Bounded like the application's pool, so a stalled database answers UPSTREAM_UNAVAILABLE, not a hang.
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: POSTGRES_LIMITS.connectTimeoutMs,
    statement_timeout: POSTGRES_LIMITS.statementTimeoutMs,
    query_timeout: POSTGRES_LIMITS.queryTimeoutMs,
    keepAlive: true,
  });
  pool.on("error", (error) => logger.warn({ err: error }, "PostgreSQL (rate limits) idle connection error"));
  let sweeping = false;
  return {
    kind: "postgres",
    limiter: ({ name, points, durationSeconds }) => {
      // The limiters share one table; one of them deleting long-expired rows every 5 minutes is enough.
      const clearExpiredByTimeout = !sweeping;
      sweeping = true;
      return new SharedRateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout,
        keyPrefix: name,
        points,
        duration: durationSeconds,
        ...blockInMemoryOnceOver(points),
      });
    },
    close: () => pool.end(),
  };
}
