import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gql, gqlErrorCode, gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

const CREATE = `mutation($input: CreateRoomInput!) {
  createRoom(input: $input) { id slug name description entryMode allowAnonymous defaultRole myRole owner { id } createdAt updatedAt }
}`;
const UPDATE = `mutation($slug: String!, $input: UpdateRoomInput!) {
  updateRoom(slug: $slug, input: $input) { slug name description entryMode allowAnonymous defaultRole }
}`;
const MY_ROOMS = `{ myRooms { slug myRole } }`;
const ROOM = `query($slug: String!) { room(slug: $slug) { slug myRole members { user { id } role } bans { user { id } } } }`;
const SET_ROLE = `mutation($roomSlug: String!, $userId: ID!, $role: RoomRole) {
  setRoomRole(roomSlug: $roomSlug, userId: $userId, role: $role) { user { id } role createdAt }
}`;
const DELETE = `mutation($slug: String!) { deleteRoom(slug: $slug) }`;

describe.each(TEST_DATABASES)("rooms on %s", (database) => {
  let app: TestApp;
  let owner: SignedUpUser;
  let guest: SignedUpUser;
  beforeAll(async () => {
    // The media-task poller queries in the background; keep it out of the query-count test's window.
    app = await startTestApp({ database, env: { MEDIA_TASK_POLL_MS: "600000" } });
    owner = await signUp(app.url, "owner");
    guest = await signUp(app.url, "guest");
  });
  afterAll(() => app?.stop());

  it("walks a room through its life: create, list, update, roles, members, delete", async () => {
    const created = (await gqlOk(app.url, CREATE, { input: { name: "Team Standup", description: "daily" } }, owner.token)).createRoom;
    expect(created).toMatchObject({
      name: "Team Standup",
      description: "daily",
      entryMode: "OPEN",
      allowAnonymous: true,
      defaultRole: "PUBLISHER",
      myRole: "OWNER",
      owner: { id: owner.id },
    });
    expect(created.slug).toMatch(/^team-standup-[a-z0-9]{6}$/);

    expect((await gqlOk(app.url, MY_ROOMS, {}, owner.token)).myRooms).toEqual([{ slug: created.slug, myRole: "OWNER" }]);
    expect((await gqlOk(app.url, MY_ROOMS, {}, guest.token)).myRooms).toEqual([]);

    const updated = (
      await gqlOk(app.url, UPDATE, { slug: created.slug, input: { name: "Standup", entryMode: "MEMBERS", defaultRole: "SUBSCRIBER" } }, owner.token)
    ).updateRoom;
    expect(updated).toMatchObject({ slug: created.slug, name: "Standup", description: "daily", entryMode: "MEMBERS", defaultRole: "SUBSCRIBER" });

    const member = (await gqlOk(app.url, SET_ROLE, { roomSlug: created.slug, userId: guest.id, role: "MODERATOR" }, owner.token)).setRoomRole;
    expect(member).toMatchObject({ user: { id: guest.id }, role: "MODERATOR" });
    expect((await gqlOk(app.url, MY_ROOMS, {}, guest.token)).myRooms).toEqual([{ slug: created.slug, myRole: "MODERATOR" }]);

    const seenByOwner = (await gqlOk(app.url, ROOM, { slug: created.slug }, owner.token)).room;
    expect(seenByOwner.members).toEqual([
      { user: { id: owner.id }, role: "OWNER" },
      { user: { id: guest.id }, role: "MODERATOR" },
    ]);

    await setRole(app.url, owner.token, created.slug, guest.id, "SUBSCRIBER");
    const seenByGuest = (await gqlOk(app.url, ROOM, { slug: created.slug }, guest.token)).room;
    expect(seenByGuest).toMatchObject({ myRole: "SUBSCRIBER", members: [{ user: { id: guest.id }, role: "SUBSCRIBER" }], bans: [] });

    expect((await gqlOk(app.url, SET_ROLE, { roomSlug: created.slug, userId: guest.id, role: null }, owner.token)).setRoomRole).toBeNull();
    expect((await gqlOk(app.url, ROOM, { slug: created.slug }, guest.token)).room).toMatchObject({ myRole: null, members: [] });

    expect((await gqlOk(app.url, DELETE, { slug: created.slug }, owner.token)).deleteRoom).toBe(true);
    expect((await gqlOk(app.url, ROOM, { slug: created.slug }, owner.token)).room).toBeNull();
    expect((await gqlOk(app.url, MY_ROOMS, {}, owner.token)).myRooms).toEqual([]);
  });

  it("takes a chosen slug, refuses a taken one with CONFLICT and an invalid one with BAD_USER_INPUT", async () => {
    const slug = `chosen-${database}`;
    expect((await gqlOk(app.url, CREATE, { input: { name: "Chosen", slug } }, owner.token)).createRoom.slug).toBe(slug);
    const taken = await gql(app.url, CREATE, { input: { name: "Again", slug } }, guest.token);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "slug" });
    for (const bad of ["ab", "-starts-with-dash", "Upper-Case", "has space", "x".repeat(65), "ünïcode"]) {
      const response = await gql(app.url, CREATE, { input: { name: "Bad", slug: bad } }, owner.token);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
    }
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: "n".repeat(101) }, "name"],
    [{ name: "ok", description: "d".repeat(1001) }, "description"],
  ])("rejects bad room input %j naming the field", async (input, field) => {
    const response = await gql(app.url, CREATE, { input }, owner.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("refuses OWNER as a default role and unknown enum values", async () => {
    const response = await gql(app.url, CREATE, { input: { name: "x", defaultRole: "OWNER" } }, owner.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "defaultRole" });
    expect(await gqlErrorCode(app.url, CREATE, { input: { name: "x", entryMode: "SECRET" } }, owner.token)).toBe("BAD_USER_INPUT");
  });

  it("lets only the owner (or an admin) update, delete and assign roles", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Guarded" });
    expect(await gqlErrorCode(app.url, UPDATE, { slug: room.slug, input: { name: "Mine now" } }, guest.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, DELETE, { slug: room.slug }, guest.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, SET_ROLE, { roomSlug: room.slug, userId: guest.id, role: "MODERATOR" }, guest.token)).toBe("FORBIDDEN");
    // A moderator moderates but does not administer the room.
    await setRole(app.url, owner.token, room.slug, guest.id, "MODERATOR");
    expect(await gqlErrorCode(app.url, UPDATE, { slug: room.slug, input: { name: "Mine now" } }, guest.token)).toBe("FORBIDDEN");
    expect(await gqlErrorCode(app.url, DELETE, { slug: room.slug })).toBe("UNAUTHENTICATED");

    const admin = await signUp(app.url, "admin");
    await app.services.db.run((m) => m.query(`UPDATE users SET is_admin = true WHERE id = $1`, [admin.id]));
    expect((await gqlOk(app.url, UPDATE, { slug: room.slug, input: { name: "Admin renamed" } }, admin.token)).updateRoom.name).toBe("Admin renamed");
    expect((await gqlOk(app.url, DELETE, { slug: room.slug }, admin.token)).deleteRoom).toBe(true);
  });

  it("never demotes or removes the owner, and never hands out ownership", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Owned" });
    for (const role of ["SUBSCRIBER", null]) {
      expect(await gqlErrorCode(app.url, SET_ROLE, { roomSlug: room.slug, userId: owner.id, role }, owner.token)).toBe("FORBIDDEN");
    }
    const response = await gql(app.url, SET_ROLE, { roomSlug: room.slug, userId: guest.id, role: "OWNER" }, owner.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "role" });
  });

  it("answers NOT_FOUND for unknown rooms and users, and null for room(slug)", async () => {
    expect((await gqlOk(app.url, ROOM, { slug: "no-such-room" })).room).toBeNull();
    expect(await gqlErrorCode(app.url, UPDATE, { slug: "no-such-room", input: { name: "x" } }, owner.token)).toBe("NOT_FOUND");
    expect(await gqlErrorCode(app.url, DELETE, { slug: "no-such-room" }, owner.token)).toBe("NOT_FOUND");
    const room = await createRoom(app.url, owner.token);
    for (const userId of ["00000000-0000-0000-0000-000000000000", "not-a-uuid"]) {
      expect(await gqlErrorCode(app.url, SET_ROLE, { roomSlug: room.slug, userId, role: "PUBLISHER" }, owner.token)).toBe("NOT_FOUND");
    }
  });

  it("deletes a room with its memberships in one go, and a failed create leaves nothing behind", async () => {
    const room = await createRoom(app.url, owner.token, { name: "Doomed" });
    await setRole(app.url, owner.token, room.slug, guest.id, "PUBLISHER");
    await gqlOk(app.url, DELETE, { slug: room.slug }, owner.token);
    const [{ count }] = await app.services.db.run((m) => m.query(`SELECT count(*)::int AS count FROM room_members WHERE room_id = $1`, [room.id]));
    expect(count).toBe(0);

    // The owner's membership row is written with the room: make that second insert fail and the
    // room must not exist either.
    await app.services.db.run(async (m) => {
      await m.query(`CREATE FUNCTION refuse_member() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'membership refused by test'; END $$`);
      await m.query(`CREATE TRIGGER refuse_member BEFORE INSERT ON room_members FOR EACH ROW EXECUTE FUNCTION refuse_member()`);
    });
    try {
      const response = await gql(app.url, CREATE, { input: { name: "Half", slug: `half-${database}` } }, owner.token);
      expect(response.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(response.errors?.[0]?.message).toBe("Internal server error");
    } finally {
      await app.services.db.run(async (m) => {
        await m.query(`DROP TRIGGER refuse_member ON room_members`);
        await m.query(`DROP FUNCTION refuse_member()`);
      });
    }
    const rooms = await app.services.db.run((m) => m.query(`SELECT id FROM rooms WHERE slug = $1`, [`half-${database}`]));
    expect(rooms).toEqual([]);
  });

  it("lists rooms with roles, members and bans in a fixed number of queries, however many rooms", async () => {
    const lister = await signUp(app.url, "lister");
    const query = `{ myRooms { slug myRole owner { id } members { user { id } role } bans { user { id } } } }`;
    const countQueries = async () => {
      const db = app.services.db;
      const original = db.run.bind(db);
      let calls = 0;
      db.run = ((work) => {
        calls++;
        return original(work);
      }) as typeof db.run;
      try {
        const rooms = (await gqlOk(app.url, query, {}, lister.token)).myRooms;
        return { rooms: rooms.length, calls };
      } finally {
        db.run = original;
      }
    };
    await createRoom(app.url, lister.token, { name: "First" });
    const one = await countQueries();
    for (let i = 0; i < 4; i++) {
      const { slug } = await createRoom(app.url, lister.token, { name: `More ${i}` });
      await setRole(app.url, lister.token, slug, guest.id, "PUBLISHER");
    }
    const five = await countQueries();
    expect([one.rooms, five.rooms]).toEqual([1, 5]);
    expect(five.calls).toBe(one.calls);
  });

  it("masks unexpected errors without stack traces", async () => {
    const response = await gql(app.url, `{ nope }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
