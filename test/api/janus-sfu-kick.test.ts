// The janus-plugin-sfu kick, end to end through kickUser, against an HTTP double of Janus that
// records every request (janus-plugin-sfu is not packaged for Debian, so no real one runs here).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createLocalJWKSet, jwtVerify } from "jose";
import { gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

interface Recorded {
  path: string;
  body: Record<string, any>;
}

/** Answers like Janus 1.1 with janus-plugin-sfu loaded and token_auth on; records what it was sent. */
async function startJanusDouble() {
  const requests: Recorded[] = [];
  const SESSION = 1111;
  const HANDLE = 2222;
  const server = http.createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Record<string, any>;
    requests.push({ path: req.url ?? "", body });
    const reply = (payload: object) => res.setHeader("content-type", "application/json").end(JSON.stringify({ transaction: body.transaction, ...payload }));
    if (req.url === "/admin" && body.janus === "add_token") return reply({ janus: "success", data: { plugins: ["janus.plugin.sfu"] } });
    if (req.url === "/janus" && body.janus === "create") return reply({ janus: "success", data: { id: SESSION } });
    if (req.url === `/janus/${SESSION}` && body.janus === "attach") return reply({ janus: "success", session_id: SESSION, data: { id: HANDLE } });
    if (req.url === `/janus/${SESSION}/${HANDLE}` && body.janus === "message") return reply({ janus: "ack", session_id: SESSION });
    if (req.url === `/janus/${SESSION}` && body.janus === "destroy") return reply({ janus: "success", session_id: SESSION });
    reply({ janus: "error", error: { code: 400, reason: "unexpected request in the double" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { requests, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(TEST_DATABASES)("janus-plugin-sfu kicks on %s", (database) => {
  let double: Awaited<ReturnType<typeof startJanusDouble>>;
  let app: TestApp;
  let owner: SignedUpUser, guest: SignedUpUser;
  let slug: string;

  beforeAll(async () => {
    double = await startJanusDouble();
    app = await startTestApp({
      database,
      env: {
        JANUS_URL: `${double.base}/janus`,
        JANUS_ADMIN_URL: `${double.base}/admin`,
        JANUS_ADMIN_SECRET: "double-secret",
        JANUS_API_SECRET: "api-secret",
        // The double answers at once, but it shares this process with the app: a loaded machine must not turn into a retry.
        JANUS_REQUEST_TIMEOUT_MS: "20000",
      },
    });
    [owner, guest] = await Promise.all(["owner", "guest"].map((name) => signUp(app.url, name)));
    slug = (await createRoom(app.url, owner.token, { name: "Hub" })).slug;
    await setRole(app.url, owner.token, slug, guest.id, "PUBLISHER");
  });
  afterAll(async () => {
    await app?.stop();
    await double?.close();
  });

  it("sends one sfu kick per remembered client id on a janus.plugin.sfu handle, signed with a kick_users token, in Janus's request order", async () => {
    for (const clientId of ["tab-one", "tab-two"]) {
      await gqlOk(app.url, `query($roomSlug: String!, $clientId: String) { joinToken(roomSlug: $roomSlug, clientId: $clientId) { token } }`, { roomSlug: slug, clientId }, guest.token);
    }
    const { kickUser } = await gqlOk(
      app.url,
      `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned disconnected } }`,
      { roomSlug: slug, userId: guest.id },
      owner.token,
    );
    expect(kickUser).toEqual({ banned: true, disconnected: 2 });

    const seen = double.requests.map(({ path, body }) => ({ path, janus: body.janus }));
    expect(seen).toEqual([
      { path: "/admin", janus: "add_token" },
      { path: "/janus", janus: "create" },
      { path: "/janus/1111", janus: "attach" },
      { path: "/janus/1111/2222", janus: "message" },
      { path: "/janus/1111/2222", janus: "message" },
      { path: "/janus/1111", janus: "destroy" },
    ]);
    const [addToken, create, attach, kickOne, kickTwo] = double.requests.map((request) => request.body);
    const controlToken = addToken!.token;
    expect(addToken).toEqual({ janus: "add_token", token: expect.stringMatching(/^roomkey-control-/), admin_secret: "double-secret", transaction: expect.any(String) });
    expect(create).toEqual({ janus: "create", token: controlToken, apisecret: "api-secret", transaction: expect.any(String) });
    expect(attach).toEqual({ janus: "attach", plugin: "janus.plugin.sfu", token: controlToken, apisecret: "api-secret", transaction: expect.any(String) });
    for (const [message, clientId] of [[kickOne, "tab-one"], [kickTwo, "tab-two"]] as const) {
      expect(message).toEqual({
        janus: "message",
        token: controlToken,
        apisecret: "api-secret",
        transaction: expect.any(String),
        body: { kind: "kick", room_id: slug, user_id: clientId, token: expect.any(String) },
      });
    }
    const jwks = createLocalJWKSet(await (await fetch(`${app.url}/.well-known/jwks.json`)).json());
    const { payload } = await jwtVerify(kickOne!.body.token, jwks, { algorithms: ["RS512"] });
    expect(payload).toMatchObject({ sub: "roomkey", kick_users: true, join_hub: true, room_ids: [slug] });
    expect(new Set(double.requests.map((request) => request.body.transaction)).size).toBe(double.requests.length);
    expect(await app.services.mediaTasks.pending()).toBe(0);
  });
});
