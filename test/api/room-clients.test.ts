import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gqlOk } from "../support/graphql-client.js";
import { createRoom, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";
import { CLIENT_IDS_KEPT, CLIENT_RETENTION_SECONDS, CLIENT_STAMP_FRESH_SECONDS, sweepStaleClients } from "../../src/rooms/room-clients.js";

const JOIN = `query($roomSlug: String!, $clientId: String) { joinToken(roomSlug: $roomSlug, clientId: $clientId) { token } }`;
const TTL_SECONDS = 300; // PERMS_TOKEN_TTL_SECONDS's default, which the test app uses

describe.each(TEST_DATABASES)("remembered SFU client ids on %s", (database) => {
  let app: TestApp;
  let owner: SignedUpUser;
  let slug: string;

  beforeAll(async () => {
    // 200 join tokens from one user in a minute: the per-user budget is not what this file tests.
    app = await startTestApp({ database, env: { JOIN_TOKENS_PER_MINUTE: "0" } });
    owner = await signUp(app.url, "owner");
    slug = (await createRoom(app.url, owner.token, { name: "Clients", entryMode: "OPEN" })).slug;
  });
  afterAll(() => app?.stop());

  const sql = <T>(text: string, params: unknown[] = []) => app.services.db.run((manager) => manager.query(text, params)) as Promise<T[]>;
  const clientRows = (userId: string) =>
    sql<{ client_id: string; last_token_at: Date }>(
      `SELECT client_id, last_token_at FROM room_clients c JOIN rooms r ON r.id = c.room_id WHERE r.slug = $1 AND c.user_id = $2 ORDER BY client_id`,
      [slug, userId],
    );

  it(`keeps only the ${CLIENT_IDS_KEPT} most recently used client ids when one user joins with 200 different ones`, async () => {
    const user = await signUp(app.url, "many-tabs");
    for (let i = 0; i < 200; i++) await gqlOk(app.url, JOIN, { roomSlug: slug, clientId: `tab-${String(i).padStart(3, "0")}` }, user.token);
    const kept = (await clientRows(user.id)).map((row) => row.client_id);
    expect(kept).toEqual(Array.from({ length: CLIENT_IDS_KEPT }, (_, k) => `tab-${String(200 - CLIENT_IDS_KEPT + k).padStart(3, "0")}`));
  });

  it("does not rewrite a client id refreshed within the fresh window, and stamps it again once the window has passed", async () => {
    const user = await signUp(app.url, "refresher");
    await gqlOk(app.url, JOIN, { roomSlug: slug, clientId: "sfu-1" }, user.token);
    const [first] = await clientRows(user.id);
    await gqlOk(app.url, JOIN, { roomSlug: slug, clientId: "sfu-1" }, user.token);
    expect((await clientRows(user.id)).map((row) => row.last_token_at.getTime())).toEqual([first!.last_token_at.getTime()]);

    await sql(`UPDATE room_clients SET last_token_at = now() - make_interval(secs => $2::int) WHERE user_id = $1`, [user.id, CLIENT_STAMP_FRESH_SECONDS + 60]);
    const [aged] = await clientRows(user.id);
    await gqlOk(app.url, JOIN, { roomSlug: slug, clientId: "sfu-1" }, user.token);
    const [restamped] = await clientRows(user.id);
    expect(restamped!.last_token_at.getTime()).toBeGreaterThan(aged!.last_token_at.getTime() + (CLIENT_STAMP_FRESH_SECONDS + 30) * 1000);
  });

  it("sweeps exactly the client ids whose last token expired more than the retention ago", async () => {
    const user = await signUp(app.url, "gone");
    for (const clientId of ["stale", "recent"]) await gqlOk(app.url, JOIN, { roomSlug: slug, clientId }, user.token);
    const staleAge = TTL_SECONDS + CLIENT_RETENTION_SECONDS + 60;
    const recentAge = TTL_SECONDS + CLIENT_RETENTION_SECONDS - 60;
    await sql(`UPDATE room_clients SET last_token_at = now() - make_interval(secs => $2::int) WHERE user_id = $1 AND client_id = 'stale'`, [user.id, staleAge]);
    await sql(`UPDATE room_clients SET last_token_at = now() - make_interval(secs => $2::int) WHERE user_id = $1 AND client_id = 'recent'`, [user.id, recentAge]);
    const swept = await sweepStaleClients(app.services.db, { tokenTtlSeconds: TTL_SECONDS });
    expect(swept).toBe(1);
    expect((await clientRows(user.id)).map((row) => row.client_id)).toEqual(["recent"]);
  });
});
