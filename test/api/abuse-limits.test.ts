// Abuse limits over HTTP, on each store the counters can live in. Password checks are counted at
// the argon2 library boundary: the real verify runs, wrapped by a counter.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { Redis } from "ioredis";

const argon2 = await import("@node-rs/argon2");
let verifications = 0;
jest.unstable_mockModule("@node-rs/argon2", () => ({
  ...argon2,
  verify: (...args: Parameters<typeof argon2.verify>) => {
    verifications++;
    return argon2.verify(...args);
  },
}));

const { startTestApp } = await import("../support/test-app.js");
const { PASSWORD, createRoom, signUp } = await import("../support/scenario.js");
type TestApp = Awaited<ReturnType<typeof startTestApp>>;

interface Answer {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string; retryAfter?: unknown } }>;
}

/** A GraphQL request from `address` (the app trusts X-Forwarded-For from loopback, as behind a proxy). */
async function from(app: TestApp, address: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { token } }`;
const JOIN = `query($slug: String!) { joinToken(roomSlug: $slug) { token } }`;
const JITSI = `query($slug: String!) { jitsiAccess(roomSlug: $slug) { roomName } }`;
const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code ?? "OK";
const logIn = (app: TestApp, address: string, email: string, password = "not the right password") =>
  from(app, address, LOG_IN, { input: { email, password } });

const STORES = [
  { store: "memory", database: "pglite" as const, env: {} as Record<string, string> },
  { store: "PostgreSQL", database: "postgres" as const, env: {} as Record<string, string> },
  {
    store: "Redis",
    database: "postgres" as const,
    env: { REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `roomkey-test-${randomBytes(4).toString("hex")}` } as Record<string, string>,
  },
];

describe.each(STORES)("abuse limits counted in $store", ({ store, database, env }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      database,
      env: {
        ...env,
        TRUST_PROXY: "loopback",
        LOGIN_MAX_FAILURES: "10",
        LOGIN_MAX_FAILURES_PER_ACCOUNT: "12",
        JOIN_TOKENS_PER_MINUTE: "5",
        CREATE_ROOMS_PER_HOUR: "3",
        JITSI_APP_ID: "roomkey-test",
        JITSI_APP_SECRET: "a-long-enough-shared-secret-for-hs256-tests",
        JITSI_DOMAIN: "meet.example.com",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    if (env.REDIS_KEY_PREFIX) {
      const redis = new Redis(env.REDIS_URL!);
      const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it("keeps its counters in the store it names", async () => {
    const row = await app.services.db.run((m) => m.query(`SELECT count(*)::int AS n FROM rate_limits`));
    await logIn(app, "192.0.2.200", "store-probe@example.com");
    const after = await app.services.db.run((m) => m.query(`SELECT count(*)::int AS n FROM rate_limits`));
    expect(after[0].n - row[0].n).toBe(store === "PostgreSQL" ? 3 : 0); // attempts, (address, account), account
    if ("REDIS_KEY_PREFIX" in env) {
      const redis = new Redis(env.REDIS_URL!);
      try {
        expect(await redis.keys(`${env.REDIS_KEY_PREFIX}:*`)).toHaveLength(3);
      } finally {
        redis.disconnect();
      }
    }
  });

  it("checks at most LOGIN_MAX_FAILURES=10 password hashes for 40 wrong passwords sent at once, and refuses the rest with RATE_LIMITED", async () => {
    const user = await signUp(app.url, "forty");
    const before = verifications;
    const answers = await Promise.all(Array.from({ length: 40 }, () => logIn(app, "198.51.100.7", user.email)));
    const checked = verifications - before;
    console.log(`[abuse-limits ${store}] 40 concurrent wrong passwords: ${checked} argon2 verifications`);
    expect(checked).toBe(10);
    expect(answers.filter((a) => code(a) === "UNAUTHENTICATED")).toHaveLength(10);
    const limited = answers.filter((a) => code(a) === "RATE_LIMITED");
    expect(limited).toHaveLength(30);
    for (const answer of limited) {
      const retryAfter = answer.errors![0]!.extensions!.retryAfter as number;
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 900).toBe(true);
    }
    // Even the right password now waits, and checks nothing.
    const rightNow = verifications;
    expect(code(await logIn(app, "198.51.100.7", user.email, PASSWORD))).toBe("RATE_LIMITED");
    expect(verifications).toBe(rightNow);
  });

  it("refunds successful logins: twenty right passwords in a row never reach RATE_LIMITED", async () => {
    const user = await signUp(app.url, "regular");
    for (let i = 0; i < 20; i++) expect(code(await logIn(app, "198.51.100.8", user.email, PASSWORD))).toBe("OK");
  });

  it("caps failures per account across addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT=12), and only for that account", async () => {
    const user = await signUp(app.url, "spread");
    const other = await signUp(app.url, "spread-bystander");
    for (let i = 1; i <= 12; i++) expect(code(await logIn(app, `203.0.113.${i}`, user.email))).toBe("UNAUTHENTICATED");
    expect(code(await logIn(app, "203.0.113.13", user.email))).toBe("RATE_LIMITED");
    expect(code(await logIn(app, "203.0.113.14", user.email, PASSWORD))).toBe("RATE_LIMITED");
    expect(code(await logIn(app, "203.0.113.13", other.email, PASSWORD))).toBe("OK");
  });

  it("counts IPv6 addresses by /64 and IPv4-mapped IPv6 as its IPv4 address", async () => {
    const v6 = await signUp(app.url, "ipv6");
    for (let i = 1; i <= 10; i++) expect(code(await logIn(app, `2001:db8:1:2::${i.toString(16)}`, v6.email))).toBe("UNAUTHENTICATED");
    expect(code(await logIn(app, "2001:db8:1:2:ffff:ffff:ffff:ffff", v6.email))).toBe("RATE_LIMITED");
    expect(code(await logIn(app, "2001:db8:1:3::1", v6.email))).toBe("UNAUTHENTICATED");

    const v4 = await signUp(app.url, "mapped");
    for (let i = 0; i < 10; i++) expect(code(await logIn(app, "192.0.2.1", v4.email))).toBe("UNAUTHENTICATED");
    expect(code(await logIn(app, "::ffff:192.0.2.1", v4.email))).toBe("RATE_LIMITED");
  });

  it("gives joinToken and jitsiAccess one budget of JOIN_TOKENS_PER_MINUTE=5 per user, then RATE_LIMITED with retryAfter", async () => {
    const owner = await signUp(app.url, "budget-owner");
    const guest = await signUp(app.url, "budget-guest");
    const { slug } = await createRoom(app.url, owner.token, { entryMode: "OPEN", allowAnonymous: true });
    for (let i = 0; i < 4; i++) expect(code(await from(app, "192.0.2.50", JOIN, { slug }, guest.token))).toBe("OK");
    expect(code(await from(app, "192.0.2.50", JITSI, { slug }, guest.token))).toBe("OK");
    const limited = await from(app, "192.0.2.51", JOIN, { slug }, guest.token); // another address: same user, same budget
    expect(limited.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
    expect(limited.errors![0]!.extensions!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.errors![0]!.extensions!.retryAfter).toBeLessThanOrEqual(60);
    expect(limited.data).toBeNull();
    expect(code(await from(app, "192.0.2.50", JITSI, { slug }, guest.token))).toBe("RATE_LIMITED");
    expect(code(await from(app, "192.0.2.50", JOIN, { slug }, owner.token))).toBe("OK");
  });

  it("counts anonymous join tokens per address (IPv6 by /64)", async () => {
    const owner = await signUp(app.url, "anon-owner");
    const { slug } = await createRoom(app.url, owner.token, { entryMode: "OPEN", allowAnonymous: true });
    for (let i = 1; i <= 5; i++) expect(code(await from(app, `2001:db8:9:9::${i}`, JOIN, { slug }))).toBe("OK");
    expect(code(await from(app, "2001:db8:9:9::99", JOIN, { slug }))).toBe("RATE_LIMITED");
    expect(code(await from(app, "2001:db8:9:a::1", JOIN, { slug }))).toBe("OK");
  });

  it("allows CREATE_ROOMS_PER_HOUR=3 rooms per user, then RATE_LIMITED without creating a fourth", async () => {
    const user = await signUp(app.url, "creator");
    const create = () => from(app, "192.0.2.60", `mutation { createRoom(input: { name: "Budget" }) { id } }`, {}, user.token);
    for (let i = 0; i < 3; i++) expect(code(await create())).toBe("OK");
    const limited = await create();
    expect(code(limited)).toBe("RATE_LIMITED");
    expect(limited.errors![0]!.extensions!.retryAfter).toBeGreaterThan(60);
    const [{ n }] = await app.services.db.run((m) => m.query(`SELECT count(*)::int AS n FROM rooms WHERE owner_id = $1`, [user.id]));
    expect(n).toBe(3);
  });
});
