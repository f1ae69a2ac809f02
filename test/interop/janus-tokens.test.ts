// Stored tokens for admin dashboards against a real Janus: GraphQL and Janus's own list_tokens agree.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { describeWithJanus, startJanus, storedTokens, type TestJanus } from "../support/janus.js";
import { PASSWORD, signUp, type SignedUpUser } from "../support/scenario.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const LIST = `query { janusTokens { token plugins } }`;
const ADD = `mutation($token: String!, $plugins: [String!]) { addJanusToken(token: $token, plugins: $plugins) { token plugins } }`;
const REMOVE = `mutation($token: String!) { removeJanusToken(token: $token) }`;
const ADMIN_EMAIL = `ops-${process.pid}@example.com`;

describeWithJanus("Janus stored tokens through GraphQL", () => {
  let janus: TestJanus;
  let app: TestApp;
  let admin: string;
  let member: SignedUpUser;

  beforeAll(async () => {
    janus = await startJanus();
    app = await startTestApp({ env: { ...janus.env(), ADMIN_EMAILS: ADMIN_EMAIL } });
    const registered = await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token user { isAdmin } } }`, {
      input: { email: ADMIN_EMAIL, password: PASSWORD },
    });
    expect(registered.register.user.isAdmin).toBe(true);
    admin = registered.register.token;
    member = await signUp(app.url, "member");
  });
  afterAll(async () => {
    await app?.stop();
    await janus?.dispose();
  });

  it("lets an admin add a token for one plugin and another for every plugin (Janus records every loaded plugin by name), and list_tokens agrees", async () => {
    const one = await gqlOk(app.url, ADD, { token: "dashboard-videoroom", plugins: ["janus.plugin.videoroom"] }, admin);
    const every = await gqlOk(app.url, ADD, { token: "dashboard-all", plugins: null }, admin);
    expect(one.addJanusToken).toEqual({ token: "dashboard-videoroom", plugins: ["janus.plugin.videoroom"] });
    // The test Janus loads only the VideoRoom plugin, so "every plugin" is that one.
    expect(every.addJanusToken).toEqual({ token: "dashboard-all", plugins: ["janus.plugin.videoroom"] });
    const inJanus = await storedTokens(janus);
    expect(inJanus).toEqual(
      expect.arrayContaining([
        { token: "dashboard-videoroom", allowed_plugins: ["janus.plugin.videoroom"] },
        { token: "dashboard-all", allowed_plugins: ["janus.plugin.videoroom"] },
      ]),
    );
    const listed = (await gqlOk(app.url, LIST, {}, admin)).janusTokens;
    expect(listed).toEqual(inJanus.map((entry) => ({ token: entry.token, plugins: entry.allowed_plugins ?? [] })));
  });

  it("lists tokens Janus got from elsewhere too (janusTokens is Janus's own list)", async () => {
    await fetch(janus.adminUrl, {
      method: "POST",
      body: JSON.stringify({ janus: "add_token", token: "added-by-hand", transaction: "x", admin_secret: janus.adminSecret }),
    });
    const listed = (await gqlOk(app.url, LIST, {}, admin)).janusTokens.map((entry: { token: string }) => entry.token);
    expect(listed).toContain("added-by-hand");
  });

  it("removes a token (true), then answers false for it, and Janus no longer lists it", async () => {
    await gqlOk(app.url, ADD, { token: "short-lived", plugins: ["janus.plugin.videoroom"] }, admin);
    expect((await gqlOk(app.url, REMOVE, { token: "short-lived" }, admin)).removeJanusToken).toBe(true);
    expect((await gqlOk(app.url, REMOVE, { token: "short-lived" }, admin)).removeJanusToken).toBe(false);
    expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain("short-lived");
  });

  it("records adding and removing a Janus token in the audit log with the admin as actor and only a fingerprint of the token", async () => {
    await gqlOk(app.url, ADD, { token: "audited-token", plugins: ["janus.plugin.videoroom"] }, admin);
    await gqlOk(app.url, REMOVE, { token: "audited-token" }, admin);
    const AUDIT = `query($action: AuditAction) { auditLog(first: 5, action: $action) { nodes { action actor { email } details } } }`;
    const added = (await gqlOk(app.url, AUDIT, { action: "JANUS_TOKEN_ADDED" }, admin)).auditLog.nodes;
    const removed = (await gqlOk(app.url, AUDIT, { action: "JANUS_TOKEN_REMOVED" }, admin)).auditLog.nodes;
    const fingerprint = createHash("sha256").update("audited-token").digest("hex").slice(0, 16);
    for (const events of [added, removed]) {
      const event = events.find((node: { details: string }) => JSON.parse(node.details).tokenSha256Prefix === fingerprint);
      expect(event).toMatchObject({ actor: { email: ADMIN_EMAIL } });
      expect(event.details).not.toContain("audited-token");
    }
  });

  it("answers FORBIDDEN to a signed-in non-admin for all three and changes nothing in Janus", async () => {
    const before = await storedTokens(janus);
    expect(await gqlErrorCode(app.url, LIST, {}, member.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, ADD, { token: "sneaky" }, member.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, REMOVE, { token: "dashboard-all" }, member.token)).toBe("FORBIDDEN");
    expect(await storedTokens(janus)).toEqual(before);
  });

  it("answers UNAUTHENTICATED to anonymous callers", async () => {
    expect(await gqlErrorCode(app.url, LIST)).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, ADD, { token: "anon" })).toBe("UNAUTHENTICATED");
    expect(await gqlErrorCode(app.url, REMOVE, { token: "anon" })).toBe("UNAUTHENTICATED");
  });

  it("refuses a token with spaces as BAD_USER_INPUT on the token field", async () => {
    const response = await gql(app.url, ADD, { token: "has space" }, admin);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
  });

  it("answers UPSTREAM_UNAVAILABLE within the request timeout while Janus is stopped, and works again once it is back", async () => {
    await janus.stop();
    try {
      const started = Date.now();
      const response = await gql(app.url, LIST, {}, admin);
      expect(response.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(response.errors?.[0]?.message).toMatch(/Janus is unavailable/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await janus.start();
    }
    expect((await gqlOk(app.url, LIST, {}, admin)).janusTokens).toEqual(expect.any(Array));
  });
});
