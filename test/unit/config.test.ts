// loadConfig is the only reader of the environment; every case passes an explicit env object so
// nothing here depends on the process environment or a local .env file.
import { describe, expect, it } from "@jest/globals";
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "../../src/config.js";

type Env = Record<string, string | undefined>;

const JITSI: Env = { JITSI_APP_ID: "roomkey", JITSI_APP_SECRET: "s3cret", JITSI_DOMAIN: "meet.example.org" };

/** The ConfigError loadConfig throws for env; fails the test when it throws anything else or nothing. */
function configError(env: Env): ConfigError {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const error = thrown as ConfigError;
  expect(error.name).toBe("ConfigError");
  return error;
}

describe("loadConfig defaults", () => {
  const config: Config = loadConfig({});

  it("listens on 127.0.0.1:4000 in development", () => {
    expect(config).toMatchObject({ nodeEnv: "development", host: "127.0.0.1", port: 4000, logLevel: "info" });
  });

  it("uses embedded PGlite under an absolute ./data", () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.pgliteDataDir).toBe(path.join(config.dataDir, "pglite"));
  });

  it("migrates on start, waits 10 s on shutdown, keeps sessions 60 days and allows any CORS origin", () => {
    expect(config).toMatchObject({ migrateOnStart: true, shutdownGraceMs: 10_000, sessionTtlDays: 60, corsOrigins: "*" });
  });

  it("signs perms tokens for webrtc_auth as roomkey, valid 300 s, with no key configured", () => {
    expect(config.permsToken).toEqual({
      privateKey: undefined,
      extraPublicKeys: [],
      audience: "webrtc_auth",
      issuer: "roomkey",
      ttlSeconds: 300,
    });
  });

  it("leaves Jitsi off", () => {
    expect(config.jitsi).toBeUndefined();
  });

  it("counts limits in memory-or-PostgreSQL (no Redis), 60 join tokens a minute, 60 rooms an hour, 50 failures per account; sweeps sessions hourly", () => {
    expect(config.limits).toEqual({ redisUrl: undefined, redisKeyPrefix: "roomkey", joinTokensPerMinute: 60, createRoomsPerHour: 60 });
    expect(config.authThrottle).toEqual({ maxFailures: 10, maxFailuresPerAccount: 50, windowSeconds: 900, attemptsPerMinute: 60 });
    expect(config.sessionSweepIntervalSeconds).toBe(3600);
  });
});

describe("loadConfig abuse limits", () => {
  it("reads REDIS_URL, the budgets (0 = off) and the sweep interval", () => {
    const config = loadConfig({
      REDIS_URL: "rediss://cache.internal:6380/2",
      REDIS_KEY_PREFIX: "rk-prod",
      JOIN_TOKENS_PER_MINUTE: "0",
      CREATE_ROOMS_PER_HOUR: "5",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "100",
      SESSION_SWEEP_INTERVAL_SECONDS: "60",
    });
    expect(config.limits).toEqual({ redisUrl: "rediss://cache.internal:6380/2", redisKeyPrefix: "rk-prod", joinTokensPerMinute: 0, createRoomsPerHour: 5 });
    expect(config.authThrottle.maxFailuresPerAccount).toBe(100);
    expect(config.sessionSweepIntervalSeconds).toBe(60);
  });

  it.each([
    ["REDIS_URL", "http://cache:6379"],
    ["JOIN_TOKENS_PER_MINUTE", "-1"],
    ["CREATE_ROOMS_PER_HOUR", "1.5"],
    ["SESSION_SWEEP_INTERVAL_SECONDS", "0"],
    ["LOGIN_MAX_FAILURES_PER_ACCOUNT", "0"],
  ])("refuses %s=%j, naming it", (variable, value) => {
    expect(configError({ [variable]: value }).message).toContain(variable);
  });
});

describe("loadConfig with values", () => {
  it("reads the basics", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: "8080",
      LOG_LEVEL: "warn",
      DATABASE_URL: "postgres://roomkey:pw@db.internal:5432/roomkey",
      MIGRATE_ON_START: "false",
      SHUTDOWN_GRACE_MS: "2500",
      SESSION_TTL_DAYS: "7",
    });
    expect(config).toMatchObject({
      nodeEnv: "production",
      host: "0.0.0.0",
      port: 8080,
      logLevel: "warn",
      databaseUrl: "postgres://roomkey:pw@db.internal:5432/roomkey",
      migrateOnStart: false,
      shutdownGraceMs: 2500,
      sessionTtlDays: 7,
    });
  });

  it.each([
    ["true", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["no", false],
  ])("reads MIGRATE_ON_START=%s as %s", (value, expected) => {
    expect(loadConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(expected);
  });

  it("accepts both postgres:// and postgresql:// database URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://db/roomkey" }).databaseUrl).toBe("postgresql://db/roomkey");
    expect(loadConfig({ DATABASE_URL: "postgres://db/roomkey" }).databaseUrl).toBe("postgres://db/roomkey");
  });

  it("treats an empty or blank DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "   " }).databaseUrl).toBeUndefined();
  });

  it("puts PGlite under an absolute DATA_DIR by default", () => {
    const config = loadConfig({ DATA_DIR: "/srv/roomkey" });
    expect(config.dataDir).toBe("/srv/roomkey");
    expect(config.pgliteDataDir).toBe("/srv/roomkey/pglite");
  });

  it("resolves a relative DATA_DIR and the PGlite directory under it to absolute paths", () => {
    const config = loadConfig({ DATA_DIR: "var/state" });
    expect(config.dataDir).toBe(path.resolve("var/state"));
    expect(config.pgliteDataDir).toBe(path.resolve("var/state", "pglite"));
  });

  it("resolves an explicit PGLITE_DATA_DIR to an absolute path of its own", () => {
    expect(loadConfig({ PGLITE_DATA_DIR: "/mnt/pg" }).pgliteDataDir).toBe("/mnt/pg");
    expect(loadConfig({ DATA_DIR: "/srv/roomkey", PGLITE_DATA_DIR: "pg" }).pgliteDataDir).toBe(path.resolve("pg"));
  });

  it.each(["memory://", "memory://scratch"])("keeps PGLITE_DATA_DIR=%s as is, for a throw-away database", (value) => {
    expect(loadConfig({ PGLITE_DATA_DIR: value }).pgliteDataDir).toBe(value);
  });

  it("treats a blank PGLITE_DATA_DIR as unset", () => {
    expect(loadConfig({ DATA_DIR: "/srv/roomkey", PGLITE_DATA_DIR: "  " }).pgliteDataDir).toBe("/srv/roomkey/pglite");
  });

  it("reads the perms token settings", () => {
    const config = loadConfig({
      AUTH_KEY_PRIVATE: "/etc/roomkey/private.pem",
      PERMS_TOKEN_AUDIENCE: "janus",
      PERMS_TOKEN_ISSUER: "roomkey.example.org",
      PERMS_TOKEN_TTL_SECONDS: "900",
    });
    expect(config.permsToken).toEqual({
      privateKey: "/etc/roomkey/private.pem",
      extraPublicKeys: [],
      audience: "janus",
      issuer: "roomkey.example.org",
      ttlSeconds: 900,
    });
  });

  it.each([
    ["one path", "/etc/roomkey/old.pem", ["/etc/roomkey/old.pem"]],
    ["two paths", "/etc/roomkey/old.pem,/etc/roomkey/older.pem", ["/etc/roomkey/old.pem", "/etc/roomkey/older.pem"]],
    ["spaces around commas", " a.pem ,  b.pem , c.pem ", ["a.pem", "b.pem", "c.pem"]],
    ["empty entries", "a.pem,,b.pem,", ["a.pem", "b.pem"]],
    ["PEM text and a path", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----,keys/old.pem", ["-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "keys/old.pem"]],
    ["blank", "   ", []],
  ])("splits AUTH_KEY_PUBLIC_EXTRA on commas: %s", (_label, value, expected) => {
    expect(loadConfig({ AUTH_KEY_PUBLIC_EXTRA: value }).permsToken.extraPublicKeys).toEqual(expected);
  });

  it("splits CORS_ORIGINS into a list, and keeps a lone * as any origin", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(loadConfig({ CORS_ORIGINS: " * " }).corsOrigins).toBe("*");
  });
});

describe("loadConfig rejects bad values with a ConfigError naming the variable", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["NODE_ENV", "staging"],
    ["LOG_LEVEL", "verbose"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "not a url"],
    ["PERMS_TOKEN_TTL_SECONDS", "1.5"],
    ["PERMS_TOKEN_TTL_SECONDS", "59"],
    ["PERMS_TOKEN_TTL_SECONDS", "86401"],
    ["MIGRATE_ON_START", "maybe"],
    ["SESSION_TTL_DAYS", "0"],
    ["SHUTDOWN_GRACE_MS", "600001"],
    ["JITSI_TOKEN_LIFETIME", "59"],
    ["JITSI_JWT_TTL_SECONDS", "abc"],
  ])("%s=%j", (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.message).toContain(variable);
  });

  it.each(["PORT", "SHUTDOWN_GRACE_MS", "SESSION_TTL_DAYS", "HOST", "CORS_ORIGINS"])("treats a blank %s (as in `%s=` in .env) as unset", (variable) => {
    expect(loadConfig({ [variable]: " " })).toEqual(loadConfig({}));
  });

  it("names only the variables that are wrong", () => {
    const error = configError({ PORT: "abc", HOST: "0.0.0.0", NODE_ENV: "test" });
    expect(error.message).toContain("PORT");
    expect(error.message).not.toContain("HOST");
    expect(error.message).not.toContain("NODE_ENV");
  });

  it("names every wrong variable at once", () => {
    const error = configError({ PORT: "70000", NODE_ENV: "staging", DATABASE_URL: "mysql://x", MIGRATE_ON_START: "maybe" });
    for (const variable of ["PORT", "NODE_ENV", "DATABASE_URL", "MIGRATE_ON_START"]) expect(error.message).toContain(variable);
  });
});

describe("loadConfig NODE_ENV", () => {
  it.each(["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])("is development when unset and HOST=%s is loopback", (host) => {
    expect(loadConfig({ HOST: host }).nodeEnv).toBe("development");
  });

  it.each(["0.0.0.0", "::", "10.0.0.5", "roomkey.example.org", "::ffff:10.0.0.5"])(
    "refuses to load when unset and HOST=%s is reachable from other machines, naming NODE_ENV",
    (host) => {
      const error = configError({ HOST: host });
      expect(error.message).toContain("NODE_ENV");
      expect(error.message).toContain(host);
    },
  );

  it.each(["production", "development", "test"])("takes an explicit NODE_ENV=%s on any HOST", (nodeEnv) => {
    expect(loadConfig({ NODE_ENV: nodeEnv, HOST: "0.0.0.0" }).nodeEnv).toBe(nodeEnv);
  });
});

describe("loadConfig Jitsi", () => {
  it("is off when every JITSI_ variable is unset or blank", () => {
    expect(loadConfig({}).jitsi).toBeUndefined();
    expect(loadConfig({ JITSI_APP_ID: "", JITSI_APP_SECRET: " ", JITSI_DOMAIN: "" }).jitsi).toBeUndefined();
  });

  it("is on with defaults when the app id, secret and domain are set", () => {
    expect(loadConfig(JITSI).jitsi).toEqual({
      appId: "roomkey",
      appSecret: "s3cret",
      domain: "meet.example.org",
      tokenLifetimeSeconds: 86_400,
      jwtAudience: "jitsi",
      jwtSubject: "meet.example.org",
      jwtTtlSeconds: 3_600,
    });
  });

  it("reads the optional settings", () => {
    const config = loadConfig({
      ...JITSI,
      JITSI_TOKEN_LIFETIME: "3600",
      JITSI_JWT_AUDIENCE: "roomkey-jitsi",
      JITSI_JWT_SUBJECT: "*",
      JITSI_JWT_TTL_SECONDS: "600",
    });
    expect(config.jitsi).toMatchObject({ tokenLifetimeSeconds: 3600, jwtAudience: "roomkey-jitsi", jwtSubject: "*", jwtTtlSeconds: 600 });
  });

  it.each([
    [{ JITSI_DOMAIN: "meet.example.org" }, ["JITSI_APP_ID", "JITSI_APP_SECRET"]],
    [{ JITSI_APP_ID: "roomkey" }, ["JITSI_APP_SECRET", "JITSI_DOMAIN"]],
    [{ JITSI_APP_ID: "roomkey", JITSI_APP_SECRET: "s3cret" }, ["JITSI_DOMAIN"]],
    [{ ...JITSI, JITSI_APP_SECRET: "   " }, ["JITSI_APP_SECRET"]],
  ])("refuses a half configuration %j, naming the missing %j", (env, missing) => {
    const error = configError(env);
    const present = ["JITSI_APP_ID", "JITSI_APP_SECRET", "JITSI_DOMAIN"].filter((name) => !missing.includes(name));
    for (const name of missing) expect(error.message).toContain(name);
    for (const name of present) expect(error.message).not.toContain(name);
  });
});
