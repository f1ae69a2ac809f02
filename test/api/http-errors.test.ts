// Requests that never reach GraphQL still get JSON errors with contract codes, and no stack traces.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe("HTTP-level errors", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: "development" } }); // development: where express would print stacks
  });
  afterAll(() => app?.stop());

  const post = (body: string, contentType = "application/json") =>
    fetch(`${app.url}/graphql`, { method: "POST", headers: { "content-type": contentType }, body });

  async function expectJsonError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const text = await response.text();
    expect(text).not.toMatch(/node_modules|\bat .*:\d+:\d+/);
    expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
  }

  it("answers malformed JSON with BAD_USER_INPUT", async () => {
    await expectJsonError(await post('{"query":'), 400, "BAD_USER_INPUT");
  });

  it("answers an oversized body with 413 and BAD_USER_INPUT", async () => {
    await expectJsonError(await post(JSON.stringify({ query: `{ __typename }#${"x".repeat(200_000)}` })), 413, "BAD_USER_INPUT");
  });

  it("blocks form posts (CSRF) with BAD_USER_INPUT", async () => {
    await expectJsonError(await post("{ __typename }", "text/plain"), 400, "BAD_USER_INPUT");
  });

  it("answers unknown routes with NOT_FOUND", async () => {
    await expectJsonError(await fetch(`${app.url}/nope`), 404, "NOT_FOUND");
  });

  it("answers a GraphQL syntax error with BAD_USER_INPUT", async () => {
    await expectJsonError(await post(JSON.stringify({ query: "{ room(" })), 400, "BAD_USER_INPUT");
  });

  it("refuses a query with too many aliases (a cheap amplification) with BAD_USER_INPUT", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    expect(JSON.parse(await (await post(JSON.stringify({ query: aliases(15) }))).text()).data.a14).toBeNull();
    await expectJsonError(await post(JSON.stringify({ query: aliases(16) })), 400, "BAD_USER_INPUT");
  });

  it("still serves the deepest legitimate queries", async () => {
    const deep = `{ myRooms { owner { id } members { user { id } } bans { bannedBy { id } } } room(slug: "x") { bans { user { id } } } }`;
    expect(JSON.parse(await (await post(JSON.stringify({ query: deep }))).text()).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
