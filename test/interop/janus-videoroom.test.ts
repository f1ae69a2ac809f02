// VideoRoom access, role changes and kicks against a real Janus: Janus itself enforces what roomkey decided.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { JanusLiveSessions } from "../../src/media/janus/janus-live-sessions.js";
import { gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { VideoroomParticipant, allowedList, describeWithJanus, inspectVideoroom, startJanus, storedTokens, type TestJanus } from "../support/janus.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const ACCESS = `query($roomSlug: String!) { videoroomAccess(roomSlug: $roomSlug) { janusUrl room token pin canPublish expiresAt } }`;
const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned disconnected } }`;

interface Access {
  janusUrl: string;
  room: number;
  token: string;
  pin: string | null;
  canPublish: boolean;
  expiresAt: string;
}

describeWithJanus("Janus VideoRoom access and kicks", () => {
  let janus: TestJanus;
  beforeAll(async () => {
    janus = await startJanus();
  });
  afterAll(() => janus?.dispose());

  describe.each(TEST_DATABASES)("on %s", (database) => {
    let app: TestApp;
    let owner: SignedUpUser, moderator: SignedUpUser, publisher: SignedUpUser, subscriber: SignedUpUser, flipper: SignedUpUser;
    let slug: string;
    let secret: string;
    const participants: VideoroomParticipant[] = [];

    const access = async (user?: SignedUpUser, roomSlug = slug): Promise<Access> => (await gqlOk(app.url, ACCESS, { roomSlug }, user?.token)).videoroomAccess;
    const connect = async (token: string) => {
      const participant = await VideoroomParticipant.connect(janus.url, token);
      participants.push(participant);
      return participant;
    };

    beforeAll(async () => {
      app = await startTestApp({ database, env: janus.env() });
      [owner, moderator, publisher, subscriber, flipper] = await Promise.all(
        ["owner", "moderator", "publisher", "subscriber", "flipper"].map((name) => signUp(app.url, name)),
      );
      slug = (await createRoom(app.url, owner.token, { name: "Studio", videoroom: true })).slug;
      await setRole(app.url, owner.token, slug, moderator.id, "MODERATOR");
      await setRole(app.url, owner.token, slug, publisher.id, "PUBLISHER");
      await setRole(app.url, owner.token, slug, subscriber.id, "SUBSCRIBER");
      await setRole(app.url, owner.token, slug, flipper.id, "SUBSCRIBER");
      [{ videoroom_secret: secret }] = await app.services.db.run((manager) => manager.query(`SELECT videoroom_secret FROM rooms WHERE slug = $1`, [slug]));
    });
    afterAll(async () => {
      await Promise.all(participants.map((participant) => participant.leave()));
      await app?.stop();
    });

    it("marks the room as having a VideoRoom and gives a publisher a token stored for the VideoRoom plugin only and listed in allowed", async () => {
      expect((await gqlOk(app.url, `query($slug: String!) { room(slug: $slug) { videoroom } }`, { slug })).room.videoroom).toBe(true);
      const granted = await access(publisher);
      expect(granted).toMatchObject({ janusUrl: janus.url, pin: null, canPublish: true });
      expect(granted.room).toBeGreaterThanOrEqual(1);
      expect(granted.room).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(await storedTokens(janus)).toContainEqual({ token: granted.token, allowed_plugins: ["janus.plugin.videoroom"] });
      expect(await allowedList(janus, granted.room, secret)).toContain(granted.token);
    });

    it("lets a PUBLISHER's token join the VideoRoom as publisher", async () => {
      const granted = await access(publisher);
      const joined = await (await connect(granted.token)).joinAsPublisher(granted.room, "publisher");
      expect(joined).toMatchObject({ videoroom: "joined", room: granted.room });
    });

    it("has Janus refuse a SUBSCRIBER's publisher join (433) while their subscriber join passes the token check", async () => {
      const granted = await access(subscriber);
      expect(granted.canPublish).toBe(false);
      expect(await storedTokens(janus)).toContainEqual({ token: granted.token, allowed_plugins: ["janus.plugin.videoroom"] });
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      const viewer = await connect(granted.token);
      expect(await viewer.joinAsPublisher(granted.room, "subscriber")).toMatchObject({ error_code: 433 });
      // A subscriber join is never checked against `allowed`. The publisher above has no WebRTC media
      // (no browser here), so Janus has no feed to give: it answers 428 "No such feed", the answer any
      // subscriber gets for a feed that is not sending, and never 433 or 403.
      const { participants: inRoom } = await inspectVideoroom(janus, granted.room);
      const feed = inRoom.find((participant) => participant.display === "publisher")!;
      const subscribed = await viewer.requestAsync({ request: "join", room: granted.room, ptype: "subscriber", streams: [{ feed: feed.id }] });
      expect(subscribed).toMatchObject({ error_code: 428 });
      expect(subscribed.error).toMatch(/No such feed/);
    });

    it("returns the same token on a second fetch with a later expiresAt", async () => {
      const first = await access(subscriber);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await access(subscriber);
      expect(second.token).toBe(first.token);
      expect(new Date(second.expiresAt).getTime()).toBeGreaterThan(new Date(first.expiresAt).getTime());
    });

    it("gives concurrent first fetches by one user one and the same token", async () => {
      const racer = await signUp(app.url, "racer");
      const results = await Promise.all([access(racer), access(racer), access(racer)]);
      expect(new Set(results.map((result) => result.token)).size).toBe(1);
    });

    it("puts a token into allowed the moment its holder becomes PUBLISHER, and takes it out when they are SUBSCRIBER again", async () => {
      const granted = await access(flipper);
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      await setRole(app.url, owner.token, slug, flipper.id, "PUBLISHER");
      expect(await allowedList(janus, granted.room, secret)).toContain(granted.token);
      const promoted = await connect(granted.token);
      expect(await promoted.joinAsPublisher(granted.room, "flipper")).toMatchObject({ videoroom: "joined" });
      await setRole(app.url, owner.token, slug, flipper.id, "SUBSCRIBER");
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      expect((await access(flipper)).canPublish).toBe(false);
    });

    it("on kickUser takes the user's token out of list_tokens and allowed, refuses their live session, removes their participant, and counts it", async () => {
      const granted = await access(publisher);
      const live = await connect(granted.token);
      expect(await live.joinAsPublisher(granted.room, "kick-me")).toMatchObject({ videoroom: "joined" });
      const before = await inspectVideoroom(janus, granted.room);
      expect(before.participants.map((participant) => participant.display)).toContain("kick-me");

      const { kickUser } = await gqlOk(app.url, KICK, { roomSlug: slug, userId: publisher.id }, moderator.token);
      expect(kickUser.banned).toBe(true);
      expect(kickUser.disconnected).toBeGreaterThanOrEqual(1);

      expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain(granted.token);
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      expect(await live.keepalive()).toMatchObject({ janus: "error" });
      const after = await inspectVideoroom(janus, granted.room);
      expect(after.participants.map((participant) => participant.display)).not.toContain("kick-me");
      expect(after.participants.map((participant) => participant.display)).not.toContain("publisher");
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: slug }, publisher.token)).toBe("BANNED");
      expect(await app.services.mediaTasks.pending()).toBe(0);
    });

    it("lets roomkey's sweeper take expired tokens out of Janus core and allowed", async () => {
      const granted = await access(moderator);
      expect(await allowedList(janus, granted.room, secret)).toContain(granted.token);
      const later = new Date(new Date(granted.expiresAt).getTime() + 1000);
      expect(await (app.services.liveSessions as JanusLiveSessions).sweep(later)).toBeGreaterThanOrEqual(1);
      expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain(granted.token);
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      const renewed = await access(moderator);
      expect(renewed.token).not.toBe(granted.token);
      expect(await allowedList(janus, granted.room, secret)).toContain(renewed.token);
    });

    it("answers NOT_FOUND for a room without a VideoRoom, and the entry decision's codes before touching Janus", async () => {
      const plain = (await createRoom(app.url, owner.token, { name: "Plain" })).slug;
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: plain }, owner.token)).toBe("NOT_FOUND");
      const members = (await createRoom(app.url, owner.token, { name: "Members", entryMode: "MEMBERS", videoroom: true })).slug;
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: members }, subscriber.token)).toBe("FORBIDDEN");
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: members })).toBe("UNAUTHENTICATED");
    });

    it("follows updateRoom: a SUBSCRIBER default role takes non-members out of allowed, videoroom false destroys the VideoRoom and revokes its tokens", async () => {
      const hall = (await createRoom(app.url, owner.token, { name: "Hall", videoroom: true })).slug;
      const [{ videoroom_secret: hallSecret }] = await app.services.db.run((manager) => manager.query(`SELECT videoroom_secret FROM rooms WHERE slug = $1`, [hall]));
      const visitor = await signUp(app.url, "visitor");
      const granted = await access(visitor, hall);
      expect(granted.canPublish).toBe(true);
      expect(await allowedList(janus, granted.room, hallSecret)).toContain(granted.token);
      const update = `mutation($slug: String!, $input: UpdateRoomInput!) { updateRoom(slug: $slug, input: $input) { videoroom } }`;
      await gqlOk(app.url, update, { slug: hall, input: { defaultRole: "SUBSCRIBER" } }, owner.token);
      expect(await allowedList(janus, granted.room, hallSecret)).not.toContain(granted.token);

      expect((await gqlOk(app.url, update, { slug: hall, input: { videoroom: false } }, owner.token)).updateRoom.videoroom).toBe(false);
      expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain(granted.token);
      const inspector = await connect((await access(owner)).token);
      expect(await inspector.request({ request: "exists", room: granted.room })).toMatchObject({ exists: false });
      expect(await gqlErrorCode(app.url, ACCESS, { roomSlug: hall }, visitor.token)).toBe("NOT_FOUND");
    });

    it("destroys the VideoRoom and revokes its tokens when the room is deleted", async () => {
      const gone = (await createRoom(app.url, owner.token, { name: "Gone", videoroom: true })).slug;
      const granted = await access(owner, gone);
      await gqlOk(app.url, `mutation($slug: String!) { deleteRoom(slug: $slug) }`, { slug: gone }, owner.token);
      expect((await storedTokens(janus)).map((entry) => entry.token)).not.toContain(granted.token);
      const inspector = await connect((await access(owner)).token);
      expect(await inspector.request({ request: "exists", room: granted.room })).toMatchObject({ exists: false });
    });

    it("gives anonymous viewers of a SUBSCRIBER-default room a token Janus keeps out of allowed", async () => {
      const viewers = (await createRoom(app.url, owner.token, { name: "Lecture", videoroom: true, defaultRole: "SUBSCRIBER" })).slug;
      const granted = await access(undefined, viewers);
      expect(granted.canPublish).toBe(false);
      const viewer = await connect(granted.token);
      expect(await viewer.joinAsPublisher(granted.room, "anon")).toMatchObject({ error_code: 433 });
    });

    it("keeps anonymous viewers out of allowed even where the default role is PUBLISHER: they can never publish", async () => {
      const granted = await access(undefined);
      expect(granted.canPublish).toBe(false);
      expect(await allowedList(janus, granted.room, secret)).not.toContain(granted.token);
      const viewer = await connect(granted.token);
      expect(await viewer.joinAsPublisher(granted.room, "anon-open")).toMatchObject({ error_code: 433 });
    });
  });
});
