// Without Janus configured, or with Janus not answering, the Janus fields say UPSTREAM_UNAVAILABLE quickly.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { pino } from "pino";
import { startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { gql, gqlOk } from "../support/graphql-client.js";
import { PASSWORD, createRoom, signUp } from "../support/scenario.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const ADMIN_EMAIL = `root-${process.pid}@example.com`;
const TOKENS = `query { janusTokens { token } }`;
const ACCESS = `query($roomSlug: String!) { videoroomAccess(roomSlug: $roomSlug) { token } }`;

async function signUpAdmin(url: string): Promise<string> {
  const data = await gqlOk(url, `mutation($input: RegisterInput!) { register(input: $input) { token } }`, { input: { email: ADMIN_EMAIL, password: PASSWORD } });
  return data.register.token;
}

describe("Janus not configured", () => {
  it("says so in the start log and answers UPSTREAM_UNAVAILABLE for janusTokens and videoroomAccess", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "roomkey-janus-off-"));
    const app = await startApp(loadConfig({ NODE_ENV: "test", PORT: "0", PGLITE_DATA_DIR: "memory://", DATA_DIR: dataDir, ADMIN_EMAILS: ADMIN_EMAIL }), { logger });
    try {
      expect(lines.map((line) => JSON.parse(line).msg)).toContain("Janus support is off (set JANUS_URL, JANUS_ADMIN_URL and JANUS_ADMIN_SECRET to turn it on)");
      const admin = await signUpAdmin(app.url);
      const owner = await signUp(app.url, "owner");
      const slug = (await createRoom(app.url, owner.token, { name: "No Janus", videoroom: true })).slug;
      for (const [query, variables, token] of [[TOKENS, {}, admin], [ACCESS, { roomSlug: slug }, owner.token]] as const) {
        const response = await gql(app.url, query, variables, token);
        expect(response.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
        expect(response.errors?.[0]?.message).toMatch(/Janus is not configured/);
      }
    } finally {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("Janus not answering", () => {
  let closedPort: number;
  let silent: http.Server;
  let silentPort: number;
  beforeAll(async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    silent = http.createServer(() => undefined); // accepts requests and never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each([
    ["refuses connections", () => closedPort, /cannot be reached/],
    ["accepts but never answers", () => silentPort, /did not answer within 500 ms/],
  ])("answers UPSTREAM_UNAVAILABLE with a clear message within the timeout when Janus %s", async (_how, port, message) => {
    let app: TestApp | undefined;
    try {
      const base = `http://127.0.0.1:${port()}`;
      app = await startTestApp({
        env: { JANUS_URL: `${base}/janus`, JANUS_ADMIN_URL: `${base}/admin`, JANUS_ADMIN_SECRET: "s", JANUS_REQUEST_TIMEOUT_MS: "500", ADMIN_EMAILS: ADMIN_EMAIL },
      });
      const admin = await signUpAdmin(app.url);
      const started = Date.now();
      const response = await gql(app.url, TOKENS, {}, admin);
      expect(response.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(response.errors?.[0]?.message).toMatch(message);
      expect(Date.now() - started).toBeLessThan(4000); // 500 ms timeout plus slack for a loaded machine; without one it would hang
    } finally {
      await app?.stop();
    }
  });
});
