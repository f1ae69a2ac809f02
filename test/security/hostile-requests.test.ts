// Requests shaped to hurt: malformed JSON, wrong content types, batches (batching is off), GET
// mutations, deep nesting, alias, directive and fragment bombs. Each carries a mutation that
// would write if it ran; each is answered with BAD_USER_INPUT, no stack trace, no 5xx, and
// nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestApp, TEST_DATABASES, type TestApp } from "../support/test-app.js";
import { buildWorld, expectRefusal, send, snapshot, type World } from "./hostile-world.js";

const WRITE = `mutation { createRoom(input: { name: "Should not exist" }) { slug } }`;
const json = (value: unknown) => JSON.stringify(value);

interface HostileRequest {
  what: string;
  status: number;
  method?: string;
  contentType?: string | null;
  /** Query string for GET requests. */
  search?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/** A fragment doubling itself `levels` times: 2^levels fields, and as deep. */
function fragmentBomb(levels: number): string {
  let fragments = `fragment F0 on Mutation { createRoom(input: { name: "bomb" }) { slug } }`;
  for (let level = 1; level <= levels; level++) fragments += ` fragment F${level} on Mutation { ...F${level - 1} ...F${level - 1} }`;
  return `mutation { ...F${levels} } ${fragments}`;
}

function cyclicIntrospection(depth: number): string {
  let selection = "name";
  for (let level = 0; level < depth; level++) selection = `fields { type { ${selection} } }`;
  return `{ __schema { types { ${selection} } } }`;
}

const REQUESTS: HostileRequest[] = [
  // Malformed bodies
  { what: "truncated JSON", status: 400, body: '{"query":' },
  { what: "JSON with unquoted keys", status: 400, body: `{query: "${WRITE.replaceAll('"', '\\"')}"}` },
  { what: "a JSON null", status: 400, body: "null" },
  { what: "a JSON string", status: 400, body: json(WRITE) },
  { what: "a query that is a number", status: 400, body: json({ query: 5 }) },
  { what: "variables JSON-encoded twice", status: 400, body: json({ query: WRITE, variables: "{}" }) },
  { what: "an empty object", status: 400, body: "{}" },
  { what: "an empty query", status: 400, body: json({ query: "" }) },
  { what: "an operationName naming no operation", status: 400, body: json({ query: `${WRITE} query Q { me { id } }`, operationName: "Nope" }) },
  { what: "two operations and no operationName", status: 400, body: json({ query: `mutation A { logOutEverywhere } mutation B { logOutEverywhere }` }) },
  { what: "input fields named __proto__ (prototype pollution)", status: 400, body: `{"query":"mutation($i: CreateRoomInput!) { createRoom(input: $i) { slug } }","variables":{"i":{"name":"x","__proto__":{"isAdmin":true}}}}` },
  { what: "a body over 100 kB", status: 413, body: json({ query: `${WRITE}#${"x".repeat(200_000)}` }) },
  // Wrong content types (a browser form can send these cross-site: CSRF)
  { what: "text/plain", status: 400, contentType: "text/plain", body: json({ query: WRITE }) },
  { what: "a URL-encoded form", status: 400, contentType: "application/x-www-form-urlencoded", body: `query=${encodeURIComponent(WRITE)}` },
  { what: "multipart/form-data", status: 400, contentType: "multipart/form-data; boundary=x", body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${json({ query: WRITE })}\r\n--x--\r\n` },
  { what: "application/graphql", status: 400, contentType: "application/graphql", body: WRITE },
  { what: "no content type", status: 400, contentType: null, body: json({ query: WRITE }) },
  { what: "JSON declared as UTF-16", status: 400, contentType: "application/json; charset=utf-16", body: json({ query: WRITE }) },
  { what: "an unknown charset", status: 415, contentType: "application/json; charset=klingon", body: json({ query: WRITE }) },
  // Batching is off
  { what: "a batch of two operations", status: 400, body: json([{ query: WRITE }, { query: "{ me { id } }" }]) },
  { what: "an empty batch", status: 400, body: "[]" },
  { what: "a batch nested 5000 arrays deep", status: 400, body: `${"[".repeat(5000)}${json({ query: WRITE })}${"]".repeat(5000)}` },
  // Mutations over GET (a link or an <img> could trigger them)
  { what: "a GET mutation (as a link or an image would send it)", status: 400, method: "GET", contentType: null, search: { query: WRITE } },
  { what: "a GET mutation with a CSRF-preflight header", status: 405, method: "GET", search: { query: WRITE }, headers: { "apollo-require-preflight": "true" } },
  { what: "a GET selecting a mutation by operationName", status: 405, method: "GET", search: { query: `query Q { me { id } } ${WRITE.replace("mutation", "mutation M")}`, operationName: "M" }, headers: { "apollo-require-preflight": "true" } },
  { what: "a PUT", status: 405, method: "PUT", body: json({ query: WRITE }) },
  // Query shape
  { what: "a fragment bomb (2^25 fields, 25 levels deep)", status: 400, body: json({ query: fragmentBomb(25) }) },
  { what: "a fragment cycle", status: 400, body: json({ query: `mutation { ...A } fragment A on Mutation { ...B } fragment B on Mutation { ...A }` }) },
  { what: "cyclic introspection 40 levels deep", status: 400, body: json({ query: cyclicIntrospection(40) }) },
  { what: "500 aliased createRoom mutations", status: 400, body: json({ query: `mutation { ${Array.from({ length: 500 }, (_, i) => `a${i}: createRoom(input: { name: "bomb" }) { slug }`).join(" ")} }` }) },
  { what: "16 aliased joinToken queries (one over the alias limit)", status: 400, body: json({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: joinToken(roomSlug: "nope-nope") { token }`).join(" ")} }` }) },
  { what: "100 repeated directives", status: 400, body: json({ query: `mutation { createRoom(input: { name: "x" }) ${"@include(if: true) ".repeat(100)} { slug } }` }) },
];

describe.each(TEST_DATABASES)("hostile requests (%s)", (database) => {
  let app: TestApp;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp({ database });
    world = await buildWorld(app.url, app.services.db);
  }, 60_000);
  afterAll(() => app?.stop());

  it.each(REQUESTS.map((request) => [request.what, request.status, request] as const))(
    "%s: answered %i with BAD_USER_INPUT, and nothing is written",
    async (_what, status, request) => {
      const before = await snapshot(app.services.db);
      const contentType = request.contentType === undefined ? "application/json" : request.contentType;
      const response = await send(app.url, {
        method: request.method ?? "POST",
        path: request.search ? `/graphql?${new URLSearchParams(request.search)}` : "/graphql",
        headers: { authorization: `Bearer ${world.alice.token}`, ...(contentType ? { "content-type": contentType } : {}), ...request.headers },
        body: request.body,
      });
      expect(response.status).toBe(status);
      expectRefusal(response, "BAD_USER_INPUT");
      expect(response.json.data ?? null).toBeNull();
      expect(await snapshot(app.services.db)).toEqual(before);
    },
  );
});
