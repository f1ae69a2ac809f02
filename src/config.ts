// The one place that reads the environment. Everything else receives a typed Config.
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { normalizeEmail } from "./accounts/email.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  // No default here: unset means development only on a loopback HOST (see nodeEnvFor).
  NODE_ENV: z.enum(["development", "test", "production"]).optional(),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: positiveInt(0, 65535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  PGLITE_DATA_DIR: optionalText,
  MIGRATE_ON_START: bool.default(true),
  SHUTDOWN_GRACE_MS: positiveInt(0, 600_000).default(10_000),
  WEB_CONCURRENCY: positiveInt(1, 64).default(1),
  SHUTDOWN_DELAY_MS: positiveInt(0, 120_000).default(1_000),
  SESSION_TTL_DAYS: positiveInt(1, 3650).default(60),
  CORS_ORIGINS: z.string().trim().default("*"),
  TRUST_PROXY: optionalText,
  LOGIN_MAX_FAILURES: positiveInt(1, 1000).default(10),
  LOGIN_WINDOW_SECONDS: positiveInt(1, 86_400).default(900),
  AUTH_ATTEMPTS_PER_MINUTE: positiveInt(1, 100_000).default(60),
  ADMIN_EMAILS: optionalText,

  // Abuse limits shared by every instance (issue 8): where the counters live, and the budgets.
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z.string().trim().min(1).default("roomkey"),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(1, 100_000).default(50),
  JOIN_TOKENS_PER_MINUTE: positiveInt(0, 1_000_000).default(60),
  CREATE_ROOMS_PER_HOUR: positiveInt(0, 1_000_000).default(60),
  SESSION_SWEEP_INTERVAL_SECONDS: positiveInt(1, 86_400).default(3_600),

  AUTH_KEY_PRIVATE: optionalText,
  AUTH_KEY_PUBLIC_EXTRA: optionalText,
  PERMS_TOKEN_AUDIENCE: z.string().trim().min(1).default("webrtc_auth"),
  PERMS_TOKEN_ISSUER: z.string().trim().min(1).default("roomkey"),
  PERMS_TOKEN_TTL_SECONDS: positiveInt(60, 86_400).default(300),

  JITSI_APP_ID: optionalText,
  JITSI_APP_SECRET: optionalText,
  JITSI_DOMAIN: optionalText,
  JITSI_TOKEN_LIFETIME: positiveInt(60, 30 * 86_400).default(86_400),
  JITSI_JWT_AUDIENCE: z.string().trim().min(1).default("jitsi"),
  JITSI_JWT_SUBJECT: optionalText,
  JITSI_JWT_TTL_SECONDS: positiveInt(60, 86_400).default(3_600),

  JANUS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  JANUS_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^(https?|wss?)$/ }).optional()),
  JANUS_ADMIN_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  JANUS_ADMIN_SECRET: optionalText,
  JANUS_API_SECRET: optionalText,
  JANUS_VIDEOROOM_ADMIN_KEY: optionalText,
  JANUS_REQUEST_TIMEOUT_MS: positiveInt(100, 60_000).default(3_000),
  JANUS_TOKEN_TTL_SECONDS: positiveInt(60, 7 * 86_400).default(3_600),
  JANUS_SWEEP_INTERVAL_SECONDS: positiveInt(1, 86_400).default(60),
  MEDIA_TASK_POLL_MS: positiveInt(100, 600_000).default(1_000),
  MEDIA_TASK_RETRY_MAX_SECONDS: positiveInt(1, 86_400).default(60),
  MEDIA_TASK_MAX_ATTEMPTS: positiveInt(1, 100_000).default(1_440),
});

export type NodeEnv = "development" | "test" | "production";

export interface JitsiConfig {
  appId: string;
  appSecret: string;
  domain: string;
  /** Prosody token plugin's token_lifetime, seconds. */
  tokenLifetimeSeconds: number;
  jwtAudience: string;
  /** JWT `sub`: the tenant/domain, or "*" */
  jwtSubject: string;
  jwtTtlSeconds: number;
}

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  /** Real PostgreSQL when set; embedded PGlite under `dataDir` otherwise. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where embedded PGlite keeps its files (default `<dataDir>/pglite`); "memory://" for a throw-away database. */
  pgliteDataDir: string;
  migrateOnStart: boolean;
  shutdownGraceMs: number;
  /** Server processes (node:cluster workers) sharing the port; 1 = a single process. PostgreSQL only. */
  webConcurrency: number;
  /** On SIGTERM, how long to keep serving (readiness failing, connections closing) before draining. */
  shutdownDelayMs: number;
  sessionTtlDays: number;
  /** Users with these (normalised) emails become admins when they register or log in. */
  adminEmails: string[];
  /** Origins allowed to call the API from a browser: "*" or a list. Bearer tokens, no cookies. */
  corsOrigins: "*" | string[];
  /** express "trust proxy": hop count, or addresses/subnets; undefined = trust no proxy. */
  trustProxy: number | string | undefined;
  /**
   * Failed logins per (client address, email) and per email from any address within the window, and
   * sign-in/sign-up attempts per address per minute, before RATE_LIMITED.
   */
  authThrottle: { maxFailures: number; maxFailuresPerAccount: number; windowSeconds: number; attemptsPerMinute: number };
  /** Where rate-limit counters live and the usage budgets (0 = off). */
  limits: { redisUrl: string | undefined; redisKeyPrefix: string; joinTokensPerMinute: number; createRoomsPerHour: number };
  /** How often expired sessions are deleted. */
  sessionSweepIntervalSeconds: number;
  permsToken: {
    /** Path to a PEM file or the PEM text itself. */
    privateKey: string | undefined;
    /** Extra public keys (paths or PEM, comma separated) still published in the JWKS during a rotation. */
    extraPublicKeys: string[];
    audience: string;
    issuer: string;
    ttlSeconds: number;
  };
  /** Undefined when Jitsi is not configured. */
  jitsi: JitsiConfig | undefined;
  /** Undefined when Janus is not configured (JANUS_URL unset). */
  janus: JanusConfig | undefined;
  /** Media-side work of kicks and role changes (the outbox): how often it is polled, the longest retry delay. */
  mediaTasks: { pollMs: number; retryMaxSeconds: number; maxAttempts: number };
}

export interface JanusConfig {
  /** Janus HTTP API roomkey talks to. */
  url: string;
  /** The Janus API clients are told to use (VideoRoomAccess.janusUrl); defaults to `url`. */
  publicUrl: string;
  adminUrl: string;
  adminSecret: string;
  apiSecret: string | undefined;
  /** The VideoRoom plugin's admin_key, needed to create rooms when Janus sets one. */
  videoroomAdminKey: string | undefined;
  /** Upper bound of every request to Janus, ms. */
  requestTimeoutMs: number;
  /** How long a VideoRoom token lives in Janus unless videoroomAccess is fetched again. */
  tokenTtlSeconds: number;
  sweepIntervalSeconds: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): Config {
  // A blank variable (`PORT=` in a .env file) means "unset": take the default, never coerce "" to 0.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError("Invalid environment:\n  WEB_CONCURRENCY: more than one process needs DATABASE_URL (PGlite allows one process per data folder)");
  }
  return {
    nodeEnv: nodeEnvFor(e.NODE_ENV, e.HOST),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    pgliteDataDir: e.PGLITE_DATA_DIR?.startsWith("memory://")
      ? e.PGLITE_DATA_DIR
      : path.resolve(e.PGLITE_DATA_DIR ?? path.join(e.DATA_DIR, "pglite")),
    migrateOnStart: e.MIGRATE_ON_START,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    webConcurrency: e.WEB_CONCURRENCY,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    adminEmails: splitList(e.ADMIN_EMAILS).map(normalizeEmail),
    corsOrigins: e.CORS_ORIGINS === "*" ? "*" : splitList(e.CORS_ORIGINS),
    trustProxy: e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    authThrottle: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      windowSeconds: e.LOGIN_WINDOW_SECONDS,
      attemptsPerMinute: e.AUTH_ATTEMPTS_PER_MINUTE,
    },
    limits: {
      redisUrl: e.REDIS_URL,
      redisKeyPrefix: e.REDIS_KEY_PREFIX,
      joinTokensPerMinute: e.JOIN_TOKENS_PER_MINUTE,
      createRoomsPerHour: e.CREATE_ROOMS_PER_HOUR,
    },
    sessionSweepIntervalSeconds: e.SESSION_SWEEP_INTERVAL_SECONDS,
    permsToken: {
      privateKey: e.AUTH_KEY_PRIVATE,
      extraPublicKeys: splitList(e.AUTH_KEY_PUBLIC_EXTRA),
      audience: e.PERMS_TOKEN_AUDIENCE,
      issuer: e.PERMS_TOKEN_ISSUER,
      ttlSeconds: e.PERMS_TOKEN_TTL_SECONDS,
    },
    jitsi: jitsiConfig(e),
    janus: janusConfig(e),
    mediaTasks: { pollMs: e.MEDIA_TASK_POLL_MS, retryMaxSeconds: e.MEDIA_TASK_RETRY_MAX_SECONDS, maxAttempts: e.MEDIA_TASK_MAX_ATTEMPTS },
  };
}

function janusConfig(e: z.infer<typeof schema>): JanusConfig | undefined {
  if (!e.JANUS_URL) return undefined;
  // Stored tokens and kicks need the Admin API: Janus half configured is an error, not a silent downgrade.
  const missing = Object.entries({ JANUS_ADMIN_URL: e.JANUS_ADMIN_URL, JANUS_ADMIN_SECRET: e.JANUS_ADMIN_SECRET })
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) throw new ConfigError(`Invalid environment: JANUS_URL is set but ${missing.join(", ")} is missing`);
  return {
    url: e.JANUS_URL.replace(/\/+$/, ""),
    publicUrl: e.JANUS_PUBLIC_URL ?? e.JANUS_URL.replace(/\/+$/, ""),
    adminUrl: e.JANUS_ADMIN_URL!.replace(/\/+$/, ""),
    adminSecret: e.JANUS_ADMIN_SECRET!,
    apiSecret: e.JANUS_API_SECRET,
    videoroomAdminKey: e.JANUS_VIDEOROOM_ADMIN_KEY,
    requestTimeoutMs: e.JANUS_REQUEST_TIMEOUT_MS,
    tokenTtlSeconds: e.JANUS_TOKEN_TTL_SECONDS,
    sweepIntervalSeconds: e.JANUS_SWEEP_INTERVAL_SECONDS,
  };
}

/**
 * Development conveniences (stack traces in errors, a generated signing key) must never reach the
 * internet by accident: a forgotten NODE_ENV means development only where nobody else can connect.
 */
function nodeEnvFor(nodeEnv: NodeEnv | undefined, host: string): NodeEnv {
  if (nodeEnv) return nodeEnv;
  if (isLoopbackHost(host)) return "development";
  throw new ConfigError(
    `Invalid environment: NODE_ENV is not set and HOST=${host} is reachable from other machines. ` +
      "Set NODE_ENV=production (or NODE_ENV=development to accept stack traces and a generated key there)",
  );
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || /^::ffff:127\./.test(bare);
}

function jitsiConfig(e: z.infer<typeof schema>): JitsiConfig | undefined {
  const required = { JITSI_APP_ID: e.JITSI_APP_ID, JITSI_APP_SECRET: e.JITSI_APP_SECRET, JITSI_DOMAIN: e.JITSI_DOMAIN };
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) throw new ConfigError(`Invalid environment: Jitsi is half configured, missing ${missing.join(", ")}`);
  return {
    appId: e.JITSI_APP_ID!,
    appSecret: e.JITSI_APP_SECRET!,
    domain: e.JITSI_DOMAIN!,
    tokenLifetimeSeconds: e.JITSI_TOKEN_LIFETIME,
    jwtAudience: e.JITSI_JWT_AUDIENCE,
    jwtSubject: e.JITSI_JWT_SUBJECT ?? e.JITSI_DOMAIN!,
    jwtTtlSeconds: e.JITSI_JWT_TTL_SECONDS,
  };
}

function splitList(value: string | undefined): string[] {
  if (!value) return [];
  // PEM text contains no commas, so a comma separates entries whether they are paths or PEM blocks.
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}

/** The process environment, plus a local `.env` file when present (real variables win). */
function readProcessEnv(): Record<string, string | undefined> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  return { ...process.env };
}
