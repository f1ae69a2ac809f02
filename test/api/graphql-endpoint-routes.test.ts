// POST /graphql is routed ahead of the GET-only routers (the hot path skips them); these pin that
// every way of reaching the endpoint still gets the same handlers: CORS, body limits, no-store, Apollo.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestApp, type TestApp } from "../support/test-app.js";

const ALLOWED = "https://app.example";
const TYPENAME = JSON.stringify({ query: "{ __typename }" });

describe("the GraphQL endpoint's routes", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { CORS_ORIGINS: ALLOWED } });
  });
  afterAll(() => app?.stop());

  const post = (pathname: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${pathname}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: TYPENAME });

  it("answers a POST to /graphql and to /graphql/ with data, no-store and the allowed origin", async () => {
    for (const pathname of ["/graphql", "/graphql/"]) {
      const response = await post(pathname, { origin: ALLOWED });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      expect(await response.json()).toEqual({ data: { __typename: "Query" } });
    }
  });

  it("names no origin to a POST from an origin that is not allowed", async () => {
    const response = await post("/graphql", { origin: "https://evil.example" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a CORS preflight for POST with the allowed origin, the method and a max age", async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(response.headers.get("access-control-max-age")).toBe("600");
  });

  it("answers a GET query from an API client with data and no-store, not with the IDE", async () => {
    const response = await fetch(`${app.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("still serves the IDE to a browser's GET", async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<title>roomkey GraphQL</title>");
  });

  it("applies the body limit to a POST on the hot route: 413 with BAD_USER_INPUT", async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __typename }#${"x".repeat(200_000)}` }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
