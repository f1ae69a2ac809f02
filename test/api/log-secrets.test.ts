// Secrets stay out of the log: every line the server writes at trace level, across sign-up,
// sign-in, a wrong password, a join token, failing requests and an internal database error, is
// captured and searched for passwords, password hashes, session tokens and request variables.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createLogger } from "../../src/logger.js";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createRoom } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }`;
const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { token } }`;

describe.each(TEST_DATABASES)("log lines on %s", (database) => {
  let app: TestApp;
  const lines: string[] = [];
  const secrets: Record<string, string> = {};
  const logText = () => lines.join("");

  beforeAll(async () => {
    const logger = createLogger("trace", { write: (line: string) => void lines.push(line) });
    app = await startTestApp({ database, logger });

    secrets.password = "first-secret-password-Zq81";
    secrets.wrongPassword = "wrong-secret-password-Kx27";
    secrets.failedSignUpPassword = "failed-secret-password-Wv63";
    secrets.clientId = "client-id-from-variables-Pj44";
    secrets.madeUpToken = "Mj".repeat(21) + "Q";
    const email = `logs-${database}@example.com`;

    const registered = await gqlOk(app.url, REGISTER, { input: { email, password: secrets.password } });
    secrets.registerToken = registered.register.token;
    expect((await gql(app.url, LOG_IN, { input: { email, password: secrets.wrongPassword } })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    secrets.logInToken = (await gqlOk(app.url, LOG_IN, { input: { email, password: secrets.password } })).logIn.token;
    const { slug } = await createRoom(app.url, secrets.logInToken);
    await gqlOk(app.url, `query($slug: String!, $clientId: String) { joinToken(roomSlug: $slug, clientId: $clientId) { token } }`, { slug, clientId: secrets.clientId }, secrets.logInToken);

    // Failing requests: a made-up bearer token, a bad input carrying a password, malformed JSON.
    expect((await gql(app.url, `{ me { id } }`, {}, secrets.madeUpToken)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, REGISTER, { input: { email: "not-an-email", password: secrets.wrongPassword } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const malformed = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secrets.logInToken}` },
      body: `{"query":"mutation { logIn(input: {email: \\"x@example.com\\", password: \\"${secrets.wrongPassword}\\"}) { token } }",`,
    });
    expect(malformed.status).toBe(400);

    // An internal error whose database error carries the INSERT's parameters (email, password hash).
    await app.services.db.run((m) => m.query(`ALTER TABLE users RENAME TO users_away`));
    try {
      const failed = await gql(app.url, REGISTER, { input: { email: `broken-${database}@example.com`, password: secrets.failedSignUpPassword } });
      expect(failed.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await app.services.db.run((m) => m.query(`ALTER TABLE users_away RENAME TO users`));
    }
    const [{ password_hash }] = await app.services.db.run((m) => m.query(`SELECT password_hash FROM users WHERE email = $1`, [email]));
    secrets.passwordHash = password_hash;
    secrets.registerTokenHash = createHash("sha256").update(secrets.registerToken).digest("hex");
  });
  afterAll(() => app?.stop());

  it("logged the internal error (so the search below covers an error line)", () => {
    expect(logText()).toMatch(/unexpected error while executing a GraphQL operation/);
    expect(logText()).toMatch(/users/); // the database's own message names the missing table
  });

  it.each(["password", "wrongPassword", "failedSignUpPassword", "registerToken", "logInToken", "madeUpToken", "clientId", "passwordHash", "registerTokenHash"])(
    "contains no %s",
    (name) => {
      expect(secrets[name]).toBeTruthy();
      expect(logText()).not.toContain(secrets[name]!);
    },
  );

  it("contains no argon2 hash of any kind", () => {
    expect(logText()).not.toContain("$argon2");
  });
});
