import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { PASSWORD, signUp } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { token expiresAt user { id email displayName isAdmin } } }`;
const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { token expiresAt user { id email } } }`;
const ME = `{ me { id email displayName } }`;

describe.each(TEST_DATABASES)("accounts on %s", (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ database, env: { LOGIN_MAX_FAILURES: "3", ADMIN_EMAILS: "boss@example.com, Chief@Example.com" } });
  });
  afterAll(() => app?.stop());

  it("registers, logs in, knows who is calling, and logs out", async () => {
    const registered = await gqlOk(app.url, REGISTER, { input: { email: "Ada@Example.COM", password: PASSWORD, displayName: "Ada" } });
    expect(registered.register.user).toMatchObject({ email: "ada@example.com", displayName: "Ada", isAdmin: false });
    expect(registered.register.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(registered.register.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59.9);
    expect(days).toBeLessThanOrEqual(60);

    const loggedIn = await gqlOk(app.url, LOG_IN, { input: { email: "ADA@example.com", password: PASSWORD } });
    const token = loggedIn.logIn.token;
    expect(token).not.toBe(registered.register.token);
    expect((await gqlOk(app.url, ME, {}, token)).me).toMatchObject({ id: registered.register.user.id, email: "ada@example.com" });

    expect((await gqlOk(app.url, `mutation { logOut }`, {}, token)).logOut).toBe(true);
    expect(await gqlErrorCode(app.url, ME, {}, token)).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, `mutation { logOut }`, {}, token)).toBe("UNAUTHENTICATED");
    // The other session is untouched.
    expect((await gqlOk(app.url, ME, {}, registered.register.token)).me.id).toBe(registered.register.user.id);
  });

  it("makes users named in ADMIN_EMAILS admins when they register, and when they log in", async () => {
    const boss = await gqlOk(app.url, REGISTER, { input: { email: "BOSS@example.com", password: PASSWORD } });
    expect(boss.register.user.isAdmin).toBe(true);
    const other = await gqlOk(app.url, REGISTER, { input: { email: "not-boss@example.com", password: PASSWORD } });
    expect(other.register.user.isAdmin).toBe(false);

    // An account that existed before its email was listed becomes admin on its next log-in.
    await gqlOk(app.url, REGISTER, { input: { email: "chief@example.com", password: PASSWORD } });
    await app.services.db.run((m) => m.query(`UPDATE users SET is_admin = false WHERE email = 'chief@example.com'`));
    const loggedIn = await gqlOk(app.url, `mutation($input: LogInInput!) { logIn(input: $input) { user { isAdmin } } }`, {
      input: { email: "chief@example.com", password: PASSWORD },
    });
    expect(loggedIn.logIn.user.isAdmin).toBe(true);
    const [row] = await app.services.db.run((m) => m.query(`SELECT is_admin FROM users WHERE email = 'chief@example.com'`));
    expect(row.is_admin).toBe(true);
  });

  it("stores only the SHA-256 of session tokens", async () => {
    const user = await signUp(app.url, "hash");
    const rows: Array<{ token_hash: Buffer }> = await app.services.db.run((m) =>
      m.query(`SELECT token_hash FROM user_sessions WHERE user_id = $1`, [user.id]),
    );
    const { createHash } = await import("node:crypto");
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.token_hash).equals(createHash("sha256").update(user.token).digest())).toBe(true);
  });

  it("hashes passwords with argon2id", async () => {
    const user = await signUp(app.url, "argon");
    const [row] = await app.services.db.run((m) => m.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]));
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("logs out everywhere and says how many sessions ended", async () => {
    const user = await signUp(app.url, "everywhere");
    const second = (await gqlOk(app.url, LOG_IN, { input: { email: user.email, password: PASSWORD } })).logIn.token;
    expect((await gqlOk(app.url, `mutation { logOutEverywhere }`, {}, second)).logOutEverywhere).toBe(2);
    expect(await gqlErrorCode(app.url, ME, {}, user.token)).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, ME, {}, second)).toBe("UNAUTHENTICATED");
  });

  it("refuses a duplicate email whatever its case", async () => {
    const user = await signUp(app.url, "dup");
    const response = await gql(app.url, REGISTER, { input: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "email" });
  });

  it("gives the same error for an unknown email and a wrong password", async () => {
    const user = await signUp(app.url, "enum");
    const wrongPassword = await gql(app.url, LOG_IN, { input: { email: user.email, password: "not the right password" } });
    const unknownEmail = await gql(app.url, LOG_IN, { input: { email: "nobody@example.com", password: "not the right password" } });
    expect(wrongPassword.errors?.[0]).toEqual(unknownEmail.errors?.[0]);
    expect(wrongPassword.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it.each([
    [{ email: "not-an-email", password: PASSWORD }, "email"],
    [{ email: "short@example.com", password: "elevenchars" }, "password"],
    [{ email: "long@example.com", password: "x".repeat(257) }, "password"],
    [{ email: `${"a".repeat(250)}@example.com`, password: PASSWORD }, "email"],
    [{ email: "name@example.com", password: PASSWORD, displayName: "n".repeat(81) }, "displayName"],
  ])("rejects bad registration input %j naming the field", async (input, field) => {
    const response = await gql(app.url, REGISTER, { input });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(response.errors?.[0]?.message).toContain(field);
  });

  it("treats a request without a bearer token as anonymous, and refuses malformed and unknown tokens with UNAUTHENTICATED", async () => {
    expect((await gqlOk(app.url, ME)).me).toBeNull();
    expect(await gqlErrorCode(app.url, `mutation { logOutEverywhere }`)).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, ME, {}, "garbage")).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, ME, {}, "A".repeat(43))).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired session with UNAUTHENTICATED", async () => {
    const user = await signUp(app.url, "expired");
    await app.services.db.run((m) => m.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]));
    expect(await gqlErrorCode(app.url, ME, {}, user.token)).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, `mutation { createRoom(input: { name: "x" }) { id } }`, {}, user.token)).toBe("UNAUTHENTICATED");
  });

  it("sweeps a user's expired sessions when they sign in again", async () => {
    const user = await signUp(app.url, "sweep");
    await app.services.db.run((m) => m.query(`UPDATE user_sessions SET expires_at = now() - interval '1 day' WHERE user_id = $1`, [user.id]));
    await gqlOk(app.url, LOG_IN, { input: { email: user.email, password: PASSWORD } });
    const rows = await app.services.db.run((m) => m.query(`SELECT expires_at > now() AS live FROM user_sessions WHERE user_id = $1`, [user.id]));
    expect(rows).toEqual([{ live: true }]);
  });

  it("shows a user's email only to themself and admins", async () => {
    const owner = await signUp(app.url, "owner");
    const other = await signUp(app.url, "other");
    const room = await gqlOk(app.url, `mutation { createRoom(input: { name: "Email test" }) { slug } }`, {}, owner.token);
    const query = `query($slug: String!) { room(slug: $slug) { owner { id email } } }`;
    const slug = room.createRoom.slug;
    expect((await gqlOk(app.url, query, { slug }, owner.token)).room.owner.email).toBe(owner.email);
    expect((await gqlOk(app.url, query, { slug }, other.token)).room.owner.email).toBeNull();
    expect((await gqlOk(app.url, query, { slug })).room.owner.email).toBeNull();
    await app.services.db.run((m) => m.query(`UPDATE users SET is_admin = true WHERE id = $1`, [other.id]));
    expect((await gqlOk(app.url, query, { slug }, other.token)).room.owner.email).toBe(owner.email);
  });

  it("answers RATE_LIMITED after too many failed logins for one email, and only for that email", async () => {
    const user = await signUp(app.url, "guessed");
    const other = await signUp(app.url, "bystander");
    const attempt = (email: string, password: string) => gql(app.url, LOG_IN, { input: { email, password } });
    for (let i = 0; i < 3; i++) expect((await attempt(user.email, "wrong password!!")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const limited = await attempt(user.email, PASSWORD); // even the right password, until the window passes
    expect(limited.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(limited.errors?.[0]?.message).toMatch(/try again in \d+ seconds/);
    expect((await attempt(other.email, PASSWORD)).data?.logIn.user.email).toBe(other.email);
  });
});

describe("sign-up and sign-in attempts per address", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { AUTH_ATTEMPTS_PER_MINUTE: "3" } });
  });
  afterAll(() => app?.stop());

  it("answers RATE_LIMITED past the per-minute budget, before hashing anything", async () => {
    const register = (n: number) => gql(app.url, REGISTER, { input: { email: `flood-${n}@example.com`, password: PASSWORD } });
    for (let n = 0; n < 2; n++) expect((await register(n)).errors).toBeUndefined();
    expect((await gql(app.url, LOG_IN, { input: { email: "flood-0@example.com", password: PASSWORD } })).errors).toBeUndefined();
    const limited = await register(3);
    expect(limited.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(limited.errors?.[0]?.message).toMatch(/Too many attempts from your address; try again in \d+ seconds/);
    const [{ count }] = await app.services.db.run((m) => m.query(`SELECT count(*)::int AS count FROM users`));
    expect(count).toBe(2);
  });
});
