// Every media credential goes through decideEntry, so the rules are checked against the whole
// cross product of room settings and callers, each compared with an oracle written here from the
// rules as stated (not from the implementation).
import { describe, expect, it } from "@jest/globals";
import { decideEntry, effectiveRole, type DenialCode, type EntryFacts } from "../../src/rooms/entry.js";
import type { EntryMode, RoomRole } from "../../src/rooms/room-role.js";

type Room = EntryFacts["room"];

interface Caller {
  role: RoomRole | null;
  banned: boolean;
  isAuthenticated: boolean;
  isAdmin: boolean;
}

type Outcome =
  | { allowed: true; role: RoomRole | null; canPublish: boolean; canSubscribe: boolean; canModerate: boolean }
  | { allowed: false; code: DenialCode };

// ---------------------------------------------------------------------------------------------
// The cross product
// ---------------------------------------------------------------------------------------------

const ENTRY_MODES: EntryMode[] = ["OPEN", "MEMBERS", "CLOSED"];
const DEFAULT_ROLES: RoomRole[] = ["PUBLISHER", "SUBSCRIBER"];
const STORED_ROLES: (RoomRole | null)[] = [null, "OWNER", "MODERATOR", "PUBLISHER", "SUBSCRIBER"];

/** 3 entry modes × anonymous allowed or not × 2 default roles = 12 rooms. */
const ROOMS: Room[] = ENTRY_MODES.flatMap((entryMode) =>
  [true, false].flatMap((allowAnonymous) => DEFAULT_ROLES.map((defaultRole) => ({ entryMode, allowAnonymous, defaultRole }))),
);

/**
 * Banned or not × (signed-in callers with each of 5 stored roles, admin or not + one anonymous
 * caller) = 22 callers: anonymous callers have no role and are never admins.
 */
const CALLERS: Caller[] = [true, false].flatMap((banned) => [
  ...STORED_ROLES.flatMap((role) => [false, true].map((isAdmin) => ({ role, banned, isAuthenticated: true, isAdmin }))),
  { role: null, banned, isAuthenticated: false, isAdmin: false },
]);

const facts = (room: Room, caller: Caller): EntryFacts => ({ room: { ...room }, ...caller });

const describeRoom = (room: Room) =>
  `${room.entryMode} room, anonymous ${room.allowAnonymous ? "allowed" : "not allowed"}, default ${room.defaultRole}`;

function describeCaller(caller: Caller): string {
  const who = !caller.isAuthenticated
    ? "anonymous visitor"
    : `signed-in ${caller.isAdmin ? "admin" : "user"} ${caller.role ? `with stored ${caller.role}` : "without a role"}`;
  return caller.banned ? `banned ${who}` : who;
}

const describeOutcome = (outcome: Outcome) =>
  outcome.allowed
    ? `enters as ${outcome.role ?? "anonymous"} (publish ${outcome.canPublish}, moderate ${outcome.canModerate})`
    : `is denied ${outcome.code}`;

// ---------------------------------------------------------------------------------------------
// The oracle: the rules, stated once, in the order a person would apply them
// ---------------------------------------------------------------------------------------------

const admitted = (role: RoomRole | null, mediaRole: RoomRole): Outcome => ({
  allowed: true,
  role,
  canPublish: mediaRole !== "SUBSCRIBER",
  canSubscribe: true,
  canModerate: role === "OWNER" || role === "MODERATOR",
});

const denied = (code: DenialCode): Outcome => ({ allowed: false, code });

function expectedOutcome(room: Room, caller: Caller): Outcome {
  const isOwner = caller.role === "OWNER";
  // Owners, moderators and admins (who count as MODERATOR unless they own the room).
  const moderates = isOwner || caller.role === "MODERATOR" || caller.isAdmin;

  // A ban keeps out everyone but the owner.
  if (caller.banned && !isOwner) return denied("BANNED");
  // Moderators enter every room, closed ones included.
  if (moderates) return admitted(isOwner ? "OWNER" : "MODERATOR", isOwner ? "OWNER" : "MODERATOR");
  // A closed room keeps out everyone else.
  if (room.entryMode === "CLOSED") return denied("ROOM_CLOSED");
  // OPEN and MEMBERS rooms admit role holders with their role.
  if (caller.role !== null) return admitted(caller.role, caller.role);
  if (room.entryMode === "MEMBERS") return denied(caller.isAuthenticated ? "FORBIDDEN" : "UNAUTHENTICATED");
  // An OPEN room gives signed-in strangers the default role, and lets anonymous people in
  // (as nobody in particular, publishing per the default role) only when it allows them.
  if (caller.isAuthenticated) return admitted(room.defaultRole, room.defaultRole);
  return room.allowAnonymous ? admitted(null, room.defaultRole) : denied("UNAUTHENTICATED");
}

function expectedEffectiveRole(room: Room, caller: Omit<Caller, "banned">): RoomRole | null {
  if (!caller.isAuthenticated) return null;
  switch (caller.role) {
    case "OWNER":
      return "OWNER";
    case "MODERATOR":
      return "MODERATOR";
    default:
      if (caller.isAdmin) return "MODERATOR";
      return caller.role ?? (room.entryMode === "OPEN" ? room.defaultRole : null);
  }
}

/** The decision without its human-readable message, which is checked separately. */
function decide(room: Room, caller: Caller): Outcome {
  const decision = decideEntry(facts(room, caller));
  if (decision.allowed) return decision;
  expect(decision.message).toMatch(/\S/);
  return { allowed: decision.allowed, code: decision.code };
}

// ---------------------------------------------------------------------------------------------
// Exhaustive checks
// ---------------------------------------------------------------------------------------------

describe("decideEntry over every room setting and caller", () => {
  describe.each(ROOMS.map((room) => ({ room, label: describeRoom(room) })))("$label", ({ room }) => {
    const cases = CALLERS.map((caller) => {
      const expected = expectedOutcome(room, caller);
      return { caller, expected, label: `${describeCaller(caller)} ${describeOutcome(expected)}` };
    });

    it.each(cases)("$label", ({ caller, expected }) => {
      expect(decide(room, caller)).toEqual(expected);
    });
  });
});

describe("effectiveRole over every room setting and caller", () => {
  const unbanned = CALLERS.filter((caller) => !caller.banned).map(({ banned: _banned, ...caller }) => caller);

  describe.each(ROOMS.map((room) => ({ room, label: describeRoom(room) })))("$label", ({ room }) => {
    const cases = unbanned.map((caller) => {
      const expected = expectedEffectiveRole(room, caller);
      return { caller, expected, label: `${describeCaller({ ...caller, banned: false })} → ${expected ?? "null"}` };
    });

    it.each(cases)("$label", ({ caller, expected }) => {
      expect(effectiveRole({ room: { ...room }, ...caller })).toBe(expected);
    });
  });

  it("is the role an admitted caller enters with", () => {
    for (const room of ROOMS) {
      for (const caller of CALLERS) {
        const decision = decideEntry(facts(room, caller));
        if (decision.allowed) expect(decision.role).toBe(effectiveRole(facts(room, caller)));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Named examples
// ---------------------------------------------------------------------------------------------

const OPEN: Room = { entryMode: "OPEN", allowAnonymous: true, defaultRole: "PUBLISHER" };
const MEMBERS: Room = { entryMode: "MEMBERS", allowAnonymous: false, defaultRole: "PUBLISHER" };
const CLOSED: Room = { entryMode: "CLOSED", allowAnonymous: true, defaultRole: "PUBLISHER" };

const user = (role: RoomRole | null, extra: Partial<Caller> = {}): Caller => ({
  role,
  banned: false,
  isAuthenticated: true,
  isAdmin: false,
  ...extra,
});
const anonymous = (extra: Partial<Caller> = {}): Caller => ({ role: null, banned: false, isAuthenticated: false, isAdmin: false, ...extra });

describe("decideEntry examples", () => {
  it("a moderator enters a closed room and may kick", () => {
    expect(decideEntry(facts(CLOSED, user("MODERATOR")))).toEqual({
      allowed: true,
      role: "MODERATOR",
      canPublish: true,
      canSubscribe: true,
      canModerate: true,
    });
  });

  it("the owner enters their own room even when banned from it", () => {
    expect(decideEntry(facts(CLOSED, user("OWNER", { banned: true })))).toMatchObject({ allowed: true, role: "OWNER", canModerate: true });
  });

  it("a banned moderator is kept out", () => {
    expect(decideEntry(facts(OPEN, user("MODERATOR", { banned: true })))).toMatchObject({ allowed: false, code: "BANNED" });
  });

  it("a banned admin is kept out unless they own the room", () => {
    expect(decideEntry(facts(OPEN, user(null, { isAdmin: true, banned: true })))).toMatchObject({ allowed: false, code: "BANNED" });
    expect(decideEntry(facts(OPEN, user("OWNER", { isAdmin: true, banned: true })))).toMatchObject({ allowed: true, role: "OWNER" });
  });

  it("a ban outranks a closed room for an ordinary member", () => {
    expect(decideEntry(facts(CLOSED, user("PUBLISHER", { banned: true })))).toMatchObject({ allowed: false, code: "BANNED" });
  });

  it("an admin without a role moderates a members-only room", () => {
    expect(decideEntry(facts(MEMBERS, user(null, { isAdmin: true })))).toEqual({
      allowed: true,
      role: "MODERATOR",
      canPublish: true,
      canSubscribe: true,
      canModerate: true,
    });
  });

  it("an admin who is only a subscriber member still counts as a moderator", () => {
    expect(decideEntry(facts(CLOSED, user("SUBSCRIBER", { isAdmin: true })))).toMatchObject({
      allowed: true,
      role: "MODERATOR",
      canPublish: true,
      canModerate: true,
    });
  });

  it("a publisher member is turned away from a closed room", () => {
    expect(decideEntry(facts(CLOSED, user("PUBLISHER")))).toEqual({ allowed: false, code: "ROOM_CLOSED", message: "This room is closed" });
  });

  it("an anonymous visitor is turned away from a closed room as closed, not as unauthenticated", () => {
    expect(decideEntry(facts(CLOSED, anonymous()))).toMatchObject({ allowed: false, code: "ROOM_CLOSED" });
  });

  it("a signed-in stranger is refused a members-only room", () => {
    expect(decideEntry(facts(MEMBERS, user(null)))).toEqual({
      allowed: false,
      code: "FORBIDDEN",
      message: "This room is for members only",
    });
  });

  it("an anonymous visitor is asked to sign in to a members-only room, even one that allows anonymous people", () => {
    expect(decideEntry(facts({ ...MEMBERS, allowAnonymous: true }, anonymous()))).toMatchObject({ allowed: false, code: "UNAUTHENTICATED" });
  });

  it("a signed-in stranger enters an open room with its default role", () => {
    expect(decideEntry(facts({ ...OPEN, defaultRole: "SUBSCRIBER" }, user(null)))).toEqual({
      allowed: true,
      role: "SUBSCRIBER",
      canPublish: false,
      canSubscribe: true,
      canModerate: false,
    });
  });

  it("a subscriber member may not publish even where strangers may", () => {
    expect(decideEntry(facts(OPEN, user("SUBSCRIBER")))).toMatchObject({ allowed: true, role: "SUBSCRIBER", canPublish: false });
  });

  it("an anonymous visitor watches an open room but may not publish when the default is SUBSCRIBER", () => {
    expect(decideEntry(facts({ ...OPEN, defaultRole: "SUBSCRIBER" }, anonymous()))).toEqual({
      allowed: true,
      role: null,
      canPublish: false,
      canSubscribe: true,
      canModerate: false,
    });
  });

  it("an anonymous visitor publishes in an open room whose default is PUBLISHER, without a role", () => {
    expect(decideEntry(facts(OPEN, anonymous()))).toMatchObject({ allowed: true, role: null, canPublish: true, canModerate: false });
  });

  it("an anonymous visitor is asked to sign in when the open room does not allow anonymous people", () => {
    expect(decideEntry(facts({ ...OPEN, allowAnonymous: false }, anonymous()))).toEqual({
      allowed: false,
      code: "UNAUTHENTICATED",
      message: "Sign in to enter this room",
    });
  });

  it("a banned anonymous visitor is told they are banned", () => {
    expect(decideEntry(facts(OPEN, anonymous({ banned: true })))).toEqual({
      allowed: false,
      code: "BANNED",
      message: "You are banned from this room",
    });
  });
});

describe("effectiveRole examples", () => {
  it("keeps OWNER for an admin who owns the room", () => {
    expect(effectiveRole({ room: MEMBERS, ...user("OWNER", { isAdmin: true }) })).toBe("OWNER");
  });

  it("raises an admin publisher to MODERATOR", () => {
    expect(effectiveRole({ room: MEMBERS, ...user("PUBLISHER", { isAdmin: true }) })).toBe("MODERATOR");
  });

  it("gives a signed-in non-member the default role only in an open room", () => {
    expect(effectiveRole({ room: { ...OPEN, defaultRole: "SUBSCRIBER" }, ...user(null) })).toBe("SUBSCRIBER");
    expect(effectiveRole({ room: MEMBERS, ...user(null) })).toBeNull();
    expect(effectiveRole({ room: CLOSED, ...user(null) })).toBeNull();
  });

  it("gives anonymous people no role, even in an open room", () => {
    expect(effectiveRole({ room: OPEN, ...anonymous() })).toBeNull();
  });
});
