// roomkey's Janus client against a real Janus: sessions, handles, async plugin events, keepalives, typed errors.
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { JanusAdmin } from "../../src/media/janus/janus-admin.js";
import { JanusClient } from "../../src/media/janus/janus-client.js";
import { JanusError, JanusUnreachableError } from "../../src/media/janus/janus-errors.js";
import { describeWithJanus, startJanus, type TestJanus } from "../support/janus.js";

describeWithJanus("Janus client", () => {
  let janus: TestJanus;
  let client: JanusClient;
  let admin: JanusAdmin;
  beforeAll(async () => {
    janus = await startJanus();
    client = new JanusClient({ url: janus.url, timeoutMs: 2000 });
    admin = new JanusAdmin({ url: janus.adminUrl, secret: janus.adminSecret, timeoutMs: 2000 });
    await admin.addToken("client-test", ["janus.plugin.videoroom"]);
  });
  afterAll(() => janus?.dispose());

  it("creates a session, attaches, gets a synchronous answer and an asynchronous join event, keeps alive and destroys", async () => {
    const session = await client.createSession("client-test");
    const handle = await session.attach("janus.plugin.videoroom");
    const created = await handle.message({ request: "create", room: 4242, secret: "s", is_private: true });
    expect(created).toMatchObject({ videoroom: "created", room: 4242 });
    const joined = await handle.message({ request: "join", room: 4242, ptype: "publisher", display: "client" }, { awaitEvent: true });
    expect(joined).toMatchObject({ videoroom: "joined", room: 4242 });
    await session.keepalive();
    const handles = await admin.listAllHandles();
    expect(handles).toContainEqual(
      expect.objectContaining({ sessionId: session.id, handleId: handle.id, token: "client-test", plugin: "janus.plugin.videoroom", videoroom: expect.objectContaining({ type: "publisher", room: 4242 }) }),
    );
    await session.destroy();
    expect(await admin.listSessions()).not.toContain(session.id);
  });

  it("throws JanusError with Janus's code: 403 for an unknown token, 460 for a missing plugin, 427 for a plugin error", async () => {
    await expect(client.createSession("nobody")).rejects.toMatchObject({ name: "JanusError", code: 403, source: "core" });
    await client.withSession("client-test", async (session) => {
      await expect(session.attach("janus.plugin.sfu")).rejects.toMatchObject({ code: 460 });
      const handle = await session.attach("janus.plugin.videoroom");
      await handle.message({ request: "create", room: 4343 });
      const error = await handle.message({ request: "create", room: 4343 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(JanusError);
      expect(error).toMatchObject({ code: 427, source: "janus.plugin.videoroom" });
    });
  });

  it("tells a wrong admin secret (403) from an unreachable Admin API", async () => {
    await expect(new JanusAdmin({ url: janus.adminUrl, secret: "wrong", timeoutMs: 2000 }).listTokens()).rejects.toMatchObject({ code: 403, source: "admin" });
    const unreachable = new JanusAdmin({ url: "http://127.0.0.1:1/admin", secret: "x", timeoutMs: 2000 });
    await expect(unreachable.listTokens()).rejects.toBeInstanceOf(JanusUnreachableError);
  });
});
