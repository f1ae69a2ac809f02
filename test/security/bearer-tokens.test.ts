// Fail closed: an Authorization header that names no live session is refused on every operation,
// never downgraded to anonymous (which in an OPEN room would still get a join token).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gqlOk } from "../support/graphql-client.js";
import { createRoom, PASSWORD, signUp } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const OPERATIONS: Array<[string, string]> = [
  ["query me", `{ me { id } }`],
  ["query joinToken in an OPEN room that admits anonymous callers", `query($slug: String!) { joinToken(roomSlug: $slug) { token } }`],
  ["query room", `query($slug: String!) { room(slug: $slug) { slug } }`],
  ["query __typename", `{ __typename }`],
  ["mutation createRoom", `mutation { createRoom(input: { name: "Nope" }) { id } }`],
  ["mutation logOut", `mutation { logOut }`],
  ["mutation logIn", `mutation { logIn(input: { email: "x@example.com", password: "${PASSWORD}" }) { token } }`],
];

interface RawResponse {
  status: number;
  wwwAuthenticate: string | null;
  text: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(url: string, query: string, variables: Record<string, unknown>, authorization: string): Promise<RawResponse> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, wwwAuthenticate: response.headers.get("www-authenticate"), text, body: JSON.parse(text) };
}

describe.each(TEST_DATABASES)("bearer tokens that name no live session, on %s", (database) => {
  let app: TestApp;
  let slug: string;
  const headers: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ database, env: { NODE_ENV: "development" } }); // development: where stack traces would show
    const owner = await signUp(app.url, "owner");
    slug = (await createRoom(app.url, owner.token, { entryMode: "OPEN", allowAnonymous: true })).slug;

    const expired = await signUp(app.url, "expired");
    await app.services.db.run((m) => m.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.id]));
    const loggedOut = await signUp(app.url, "logged-out");
    await gqlOk(app.url, `mutation { logOut }`, {}, loggedOut.token);
    const everywhere = await signUp(app.url, "everywhere");
    await gqlOk(app.url, `mutation { logOutEverywhere }`, {}, everywhere.token);

    Object.assign(headers, {
      expired: `Bearer ${expired.token}`,
      "logged out": `Bearer ${loggedOut.token}`,
      "logged out everywhere": `Bearer ${everywhere.token}`,
      "made up, shaped like a session": `Bearer ${"x".repeat(43)}`,
      "made up, API-token prefix": "Bearer rk_0123456789abcdef0123456789abcdef",
      "made up, short": "Bearer abc",
      "malformed: no token": "Bearer",
      "malformed: two tokens": `Bearer ${expired.token} ${expired.token}`,
      "malformed: not a b64token": "Bearer <script>",
      "wrong scheme: Basic": `Basic ${Buffer.from("ada@example.com:secret").toString("base64")}`,
      "wrong scheme: bare token": owner.token,
    });
  });
  afterAll(() => app?.stop());

  it("has a working anonymous join in the room, so a downgrade to anonymous would show", async () => {
    expect((await gqlOk(app.url, `query($slug: String!) { joinToken(roomSlug: $slug) { token } }`, { slug })).joinToken.token).toEqual(expect.any(String));
  });

  it.each(OPERATIONS)("%s answers 401 UNAUTHENTICATED with WWW-Authenticate, no data and no stack trace, for every bad header", async (_name, query) => {
    for (const [label, authorization] of Object.entries(headers)) {
      const response = await post(app.url, query, { slug }, authorization);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect(response.wwwAuthenticate).toBe('Bearer error="invalid_token"');
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED" });
      expect(response.text).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+/);
    }
  });

  it("treats a blank Authorization header as no header: anonymous", async () => {
    const response = await post(app.url, `query($slug: String!) { joinToken(roomSlug: $slug) { claims { sub } } }`, { slug }, "");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { joinToken: { claims: { sub: "anon" } } } });
  });

  it("accepts the scheme name in any case", async () => {
    const user = await signUp(app.url, "case");
    const response = await post(app.url, `{ me { id } }`, {}, `bEaReR ${user.token}`);
    expect(response.body).toEqual({ data: { me: { id: user.id } } });
  });
});
