// The one place that reads the environment. Everything else receives a typed Config.
import { existsSync } from "node:fs";
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
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: positiveInt(0, 65535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  PGLITE_DATA_DIR: optionalText,
  MIGRATE_ON_START: bool.default(true),
  SHUTDOWN_GRACE_MS: positiveInt(0, 600_000).default(10_000),
  SHUTDOWN_DELAY_MS: positiveInt(0, 120_000).default(1_000),
  SESSION_TTL_DAYS: positiveInt(1, 3650).default(60),
  CORS_ORIGINS: z.string().trim().default("*"),
  TRUST_PROXY: optionalText,
  LOGIN_MAX_FAILURES: positiveInt(1, 1000).default(10),
  LOGIN_WINDOW_SECONDS: positiveInt(1, 86_400).default(900),
  AUTH_ATTEMPTS_PER_MINUTE: positiveInt(1, 100_000).default(60),
  ADMIN_EMAILS: optionalText,

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
  /** On SIGTERM, how long to keep serving (readiness failing, connections closing) before draining. */
  shutdownDelayMs: number;
  sessionTtlDays: number;
  /** Users with these (normalised) emails become admins when they register or log in. */
  adminEmails: string[];
  /** Origins allowed to call the API from a browser: "*" or a list. Bearer tokens, no cookies. */
  corsOrigins: "*" | string[];
  /** express "trust proxy": hop count, or addresses/subnets; undefined = trust no proxy. */
  trustProxy: number | string | undefined;
  /** Failed logins per (client IP, email) within the window, and sign-in/sign-up attempts per IP per minute, before RATE_LIMITED. */
  authThrottle: { maxFailures: number; windowSeconds: number; attemptsPerMinute: number };
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
  return {
    nodeEnv: e.NODE_ENV,
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
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    adminEmails: splitList(e.ADMIN_EMAILS).map(normalizeEmail),
    corsOrigins: e.CORS_ORIGINS === "*" ? "*" : splitList(e.CORS_ORIGINS),
    trustProxy: e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    authThrottle: { maxFailures: e.LOGIN_MAX_FAILURES, windowSeconds: e.LOGIN_WINDOW_SECONDS, attemptsPerMinute: e.AUTH_ATTEMPTS_PER_MINUTE },
    permsToken: {
      privateKey: e.AUTH_KEY_PRIVATE,
      extraPublicKeys: splitList(e.AUTH_KEY_PUBLIC_EXTRA),
      audience: e.PERMS_TOKEN_AUDIENCE,
      issuer: e.PERMS_TOKEN_ISSUER,
      ttlSeconds: e.PERMS_TOKEN_TTL_SECONDS,
    },
    jitsi: jitsiConfig(e),
  };
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
