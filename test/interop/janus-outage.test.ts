// Janus unreachable, Janus restarted, roomkey restarted: the ban stands at once, and the media-side
// removal is carried out once Janus answers again; Janus's forgotten state is recreated on next use.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { VideoroomParticipant, allowedList, describeWithJanus, inspectVideoroom, startJanus, storedTokens, type TestJanus } from "../support/janus.js";
import { createTestDatabase } from "../support/postgres.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { startTcpGate, throughGate, type TcpGate } from "../support/tcp-gate.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const ACCESS = `query($roomSlug: String!) { videoroomAccess(roomSlug: $roomSlug) { room token canPublish } }`;
const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned disconnected } }`;
const BANS = `query($slug: String!) { room(slug: $slug) { bans { user { id } } } }`;

async function eventually(check: () => Promise<boolean>, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithJanus("Janus outages", () => {
  let janus: TestJanus;
  let clientGate: TcpGate, adminGate: TcpGate;
  let gatedEnv: Record<string, string>;
  beforeAll(async () => {
    janus = await startJanus();
    clientGate = await startTcpGate(Number(new URL(janus.url).port));
    adminGate = await startTcpGate(Number(new URL(janus.adminUrl).port));
    gatedEnv = {
      ...janus.env(),
      JANUS_URL: throughGate(janus.url, clientGate),
      JANUS_PUBLIC_URL: janus.url,
      JANUS_ADMIN_URL: throughGate(janus.adminUrl, adminGate),
      JANUS_REQUEST_TIMEOUT_MS: "3000",
      MEDIA_TASK_POLL_MS: "200",
      MEDIA_TASK_RETRY_MAX_SECONDS: "1",
    };
  });
  afterAll(async () => {
    await clientGate?.close();
    await adminGate?.close();
    await janus?.dispose();
  });

  const cut = () => [clientGate, adminGate].forEach((gate) => gate.cut());
  const reopen = () => [clientGate, adminGate].forEach((gate) => gate.open());

  async function setUpRoom(app: TestApp) {
    const [owner, publisher, subscriber] = await Promise.all(["owner", "publisher", "subscriber"].map((name) => signUp(app.url, name)));
    const slug = (await createRoom(app.url, owner.token, { name: "Outage", videoroom: true })).slug;
    await setRole(app.url, owner.token, slug, publisher.id, "PUBLISHER");
    await setRole(app.url, owner.token, slug, subscriber.id, "SUBSCRIBER");
    const granted = (await gqlOk(app.url, ACCESS, { roomSlug: slug }, publisher.token)).videoroomAccess;
    const live = await VideoroomParticipant.connect(janus.url, granted.token);
    expect(await live.joinAsPublisher(granted.room, "live")).toMatchObject({ videoroom: "joined" });
    return { owner, publisher, subscriber, slug, granted, live };
  }

  async function expectDropped(granted: { room: number; token: string }, live: VideoroomParticipant) {
    await eventually(async () => !(await storedTokens(janus)).some((entry) => entry.token === granted.token));
    await eventually(async () => !(await inspectVideoroom(janus, granted.room)).participants.some((participant) => participant.display === "live"));
    expect(await live.keepalive()).toMatchObject({ janus: "error" });
  }

  describe.each(TEST_DATABASES)("on %s", (database) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ database, env: gatedEnv });
    });
    afterAll(async () => {
      reopen();
      await app?.stop();
    });

    it("answers UPSTREAM_UNAVAILABLE while Janus is unreachable, keeps the ban, and drops the kicked user once Janus answers again", async () => {
      const { owner, publisher, subscriber, slug, granted, live } = await setUpRoom(app);
      cut();
      const started = Date.now();
      const refused = await gql(app.url, ACCESS, { roomSlug: slug }, subscriber.token);
      expect(refused.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(Date.now() - started).toBeLessThan(2500);

      const { kickUser } = await gqlOk(app.url, KICK, { roomSlug: slug, userId: publisher.id }, owner.token);
      expect(kickUser).toEqual({ banned: true, disconnected: 0 });
      expect((await gqlOk(app.url, BANS, { slug }, owner.token)).room.bans).toEqual([{ user: { id: publisher.id } }]);
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: slug }, publisher.token)).toBe("BANNED");
      expect(await app.services.mediaTasks.pending()).toBe(1);
      expect((await storedTokens(janus)).map((entry) => entry.token)).toContain(granted.token); // not yet: Janus was unreachable

      reopen();
      await expectDropped(granted, live);
      await eventually(async () => (await app.services.mediaTasks.pending()) === 0);
    });
  });

  it("finishes a kick recorded before a roomkey restart, in the next roomkey process (PostgreSQL)", async () => {
    const postgres = await createTestDatabase();
    const env = { ...gatedEnv, DATABASE_URL: postgres.url };
    let app = await startTestApp({ env });
    try {
      const { owner, publisher, slug, granted, live } = await setUpRoom(app);
      cut();
      expect((await gqlOk(app.url, KICK, { roomSlug: slug, userId: publisher.id }, owner.token)).kickUser.disconnected).toBe(0);
      await app.stop();
      reopen();
      app = await startTestApp({ env });
      await expectDropped(granted, live);
    } finally {
      reopen();
      await app.stop();
      await postgres.drop();
    }
  });

  it("recreates the VideoRoom, its tokens and allowed on the next videoroomAccess after Janus restarts", async () => {
    const app = await startTestApp({ env: janus.env() });
    try {
      const [owner, publisher, subscriber] = await Promise.all(["owner", "publisher", "subscriber"].map((name) => signUp(app.url, name)));
      const slug = (await createRoom(app.url, owner.token, { name: "Restart", videoroom: true })).slug;
      await setRole(app.url, owner.token, slug, publisher.id, "PUBLISHER");
      await setRole(app.url, owner.token, slug, subscriber.id, "SUBSCRIBER");
      const publisherAccess = (await gqlOk(app.url, ACCESS, { roomSlug: slug }, publisher.token)).videoroomAccess;
      const subscriberAccess = (await gqlOk(app.url, ACCESS, { roomSlug: slug }, subscriber.token)).videoroomAccess;
      const [{ videoroom_secret: secret }] = await app.services.db.run((manager) => manager.query(`SELECT videoroom_secret FROM rooms WHERE slug = $1`, [slug]));

      await janus.stop();
      await janus.start();
      expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain(publisherAccess.token);

      const again = (await gqlOk(app.url, ACCESS, { roomSlug: slug }, publisher.token)).videoroomAccess;
      expect(again).toEqual(publisherAccess);
      const tokens = (await storedTokens(janus)).map((entry) => entry.token);
      expect(tokens).toEqual(expect.arrayContaining([publisherAccess.token, subscriberAccess.token]));
      const allowed = await allowedList(janus, again.room, secret);
      expect(allowed).toContain(publisherAccess.token);
      expect(allowed).not.toContain(subscriberAccess.token);
      const participant = await VideoroomParticipant.connect(janus.url, again.token);
      expect(await participant.joinAsPublisher(again.room)).toMatchObject({ videoroom: "joined" });
      await participant.leave();
    } finally {
      await app.stop();
    }
  });
});
