// The hostile suite's table of API operations. Every Query and Mutation field has a row (a test
// checks it); a new operation gets a row saying which string inputs it takes (with their limits)
// and which intrusions it must refuse. cross-room.test.ts and string-inputs.test.ts read it.
import { expect } from "@jest/globals";
import {
  API_TOKEN_NAME_MAX,
  BAN_REASON_MAX,
  CLIENT_ID_MAX,
  DISPLAY_NAME_MAX,
  CURSOR_MAX_LENGTH,
  EMAIL_MAX,
  ID_MAX,
  JANUS_TOKEN_MAX,
  PASSWORD,
  PASSWORD_MAX_LENGTH,
  ROOM_DESCRIPTION_MAX,
  ROOM_NAME_MAX,
  SEARCH_MAX_LENGTH,
  SLUG_MAX_LENGTH,
} from "./limits.js";
import type { Persona, World } from "./hostile-world.js";

type Variables = Record<string, unknown>;

export interface StringInput {
  /** Dotted path of the value inside the variables, e.g. "input.name". */
  variable: string;
  /** What extensions.field must name. */
  field: string;
  /** The longest value accepted. */
  max: number;
}

export type Intrusion = {
  /** What is tried, for the test name. */
  what: string;
  as: Persona;
  /** Defaults to the row's `variables`. */
  variables?: (world: World) => Variables;
} & ({ refusedWith: string } | { /** The request succeeds but must reveal nothing. */ reveals: (data: any, world: World) => void });

export interface OperationRow {
  /** The Query or Mutation field. */
  name: string;
  document: string;
  /** Well-formed variables aimed at alice's rooms and people. */
  variables: (world: World) => Variables;
  /** Who sends the oversize variants (someone who could otherwise succeed). */
  oversizeAs?: Persona;
  strings: StringInput[];
  intrusions: Intrusion[];
}

const members = (world: World) => ({ roomSlug: world.membersRoom.slug });

export const OPERATIONS: OperationRow[] = [
  {
    name: "register",
    document: `mutation($input: RegisterInput!) { register(input: $input) { token } }`,
    variables: () => ({ input: { email: "newcomer@example.com", password: PASSWORD, displayName: "Newcomer" } }),
    oversizeAs: "anonymous",
    strings: [
      { variable: "input.email", field: "email", max: EMAIL_MAX },
      { variable: "input.password", field: "password", max: PASSWORD_MAX_LENGTH },
      { variable: "input.displayName", field: "displayName", max: DISPLAY_NAME_MAX },
    ],
    intrusions: [],
  },
  {
    name: "logIn",
    document: `mutation($input: LogInInput!) { logIn(input: $input) { token } }`,
    variables: (world) => ({ input: { email: world.alice.email, password: PASSWORD } }),
    oversizeAs: "anonymous",
    strings: [
      { variable: "input.email", field: "email", max: EMAIL_MAX },
      { variable: "input.password", field: "password", max: PASSWORD_MAX_LENGTH },
    ],
    intrusions: [],
  },
  { name: "logOut", document: `mutation { logOut }`, variables: () => ({}), strings: [], intrusions: [{ what: "log out without a session", as: "anonymous", refusedWith: "UNAUTHENTICATED" }] },
  {
    name: "logOutEverywhere",
    document: `mutation { logOutEverywhere }`,
    variables: () => ({}),
    strings: [],
    intrusions: [{ what: "log everyone out without a session", as: "anonymous", refusedWith: "UNAUTHENTICATED" }],
  },
  { name: "me", document: `{ me { id } }`, variables: () => ({}), strings: [], intrusions: [] },
  {
    name: "myRooms",
    document: `{ myRooms { slug } }`,
    variables: () => ({}),
    strings: [],
    intrusions: [
      { what: "list rooms anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
      {
        what: "see another's rooms among one's own",
        as: "mallory",
        reveals: (data, world) => expect(data.myRooms.map((room: { slug: string }) => room.slug)).toEqual([world.malloryRoom.slug]),
      },
    ],
  },
  {
    name: "room",
    document: `query($slug: String!) { room(slug: $slug) { slug owner { email } members { user { id } } bans { user { id } } } }`,
    variables: (world) => ({ slug: world.membersRoom.slug }),
    strings: [{ variable: "slug", field: "slug", max: SLUG_MAX_LENGTH }],
    intrusions: [
      ...(["mallory", "carol", "anonymous"] as const).map((as) => ({
        what: "read the members, bans and owner's email of another's room",
        as,
        reveals: (data: any) => expect(data.room).toMatchObject({ owner: { email: null }, members: [], bans: [] }),
      })),
      {
        what: "read the other members and the bans as a publisher",
        as: "bob",
        reveals: (data: any, world: World) => expect(data.room).toMatchObject({ owner: { email: null }, members: [{ user: { id: world.bob.id } }], bans: [] }),
      },
    ],
  },
  {
    name: "createRoom",
    document: `mutation($input: CreateRoomInput!) { createRoom(input: $input) { slug } }`,
    variables: () => ({ input: { name: "New room", slug: "new-room-hostile", description: "About" } }),
    strings: [
      { variable: "input.name", field: "name", max: ROOM_NAME_MAX },
      { variable: "input.slug", field: "slug", max: SLUG_MAX_LENGTH },
      { variable: "input.description", field: "description", max: ROOM_DESCRIPTION_MAX },
    ],
    intrusions: [
      { what: "create a room anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
      { what: "create a room under a slug that is taken", as: "mallory", variables: (world) => ({ input: { name: "Squat", slug: world.membersRoom.slug } }), refusedWith: "CONFLICT" },
    ],
  },
  {
    name: "updateRoom",
    document: `mutation($slug: String!, $input: UpdateRoomInput!) { updateRoom(slug: $slug, input: $input) { slug } }`,
    variables: (world) => ({ slug: world.membersRoom.slug, input: { name: "Taken over", description: "pwned", entryMode: "OPEN" } }),
    strings: [
      { variable: "slug", field: "slug", max: SLUG_MAX_LENGTH },
      { variable: "input.name", field: "name", max: ROOM_NAME_MAX },
      { variable: "input.description", field: "description", max: ROOM_DESCRIPTION_MAX },
    ],
    intrusions: [
      ...(["mallory", "bob", "dave", "carol"] as const).map((as) => ({ what: "change another's room", as, refusedWith: "FORBIDDEN" })),
      { what: "change a room anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
      { what: "change another's room as the owner of a different room", as: "alice", variables: (world) => ({ slug: world.malloryRoom.slug, input: { name: "Mine now" } }), refusedWith: "FORBIDDEN" },
    ],
  },
  {
    name: "deleteRoom",
    document: `mutation($slug: String!) { deleteRoom(slug: $slug) }`,
    variables: (world) => ({ slug: world.membersRoom.slug }),
    strings: [{ variable: "slug", field: "slug", max: SLUG_MAX_LENGTH }],
    intrusions: [
      ...(["mallory", "bob", "dave", "carol"] as const).map((as) => ({ what: "delete another's room", as, refusedWith: "FORBIDDEN" })),
      { what: "delete a room anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
      { what: "delete another's room as the owner of a different room", as: "alice", variables: (world) => ({ slug: world.malloryRoom.slug }), refusedWith: "FORBIDDEN" },
    ],
  },
  {
    name: "setRoomRole",
    document: `mutation($roomSlug: String!, $userId: ID!, $role: RoomRole) { setRoomRole(roomSlug: $roomSlug, userId: $userId, role: $role) { role } }`,
    variables: (world) => ({ ...members(world), userId: world.bob.id, role: "MODERATOR" }),
    strings: [
      { variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH },
      { variable: "userId", field: "userId", max: ID_MAX },
    ],
    intrusions: [
      { what: "promote oneself in another's room", as: "mallory", variables: (world) => ({ ...members(world), userId: world.mallory.id, role: "MODERATOR" }), refusedWith: "FORBIDDEN" },
      { what: "promote oneself as a publisher", as: "bob", refusedWith: "FORBIDDEN" },
      { what: "assign roles as a moderator (only the owner may)", as: "dave", refusedWith: "FORBIDDEN" },
      { what: "lift one's own ban by taking a role", as: "carol", variables: (world) => ({ ...members(world), userId: world.carol.id, role: "PUBLISHER" }), refusedWith: "FORBIDDEN" },
      { what: "remove a member from another's room", as: "mallory", variables: (world) => ({ ...members(world), userId: world.dave.id, role: null }), refusedWith: "FORBIDDEN" },
      { what: "assign a role anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    ],
  },
  {
    name: "kickUser",
    document: `mutation($roomSlug: String!, $userId: ID!, $reason: String) { kickUser(roomSlug: $roomSlug, userId: $userId, reason: $reason) { banned } }`,
    variables: (world) => ({ ...members(world), userId: world.bob.id, reason: "because" }),
    strings: [
      { variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH },
      { variable: "userId", field: "userId", max: ID_MAX },
      { variable: "reason", field: "reason", max: BAN_REASON_MAX },
    ],
    intrusions: [
      { what: "kick a member of another's room", as: "mallory", refusedWith: "FORBIDDEN" },
      { what: "kick the moderator as a publisher", as: "bob", variables: (world) => ({ ...members(world), userId: world.dave.id }), refusedWith: "FORBIDDEN" },
      { what: "kick as a banned user", as: "carol", refusedWith: "FORBIDDEN" },
      { what: "kick the owner as a moderator", as: "dave", variables: (world) => ({ ...members(world), userId: world.alice.id }), refusedWith: "FORBIDDEN" },
      { what: "kick in another room with one room's moderator rights", as: "dave", variables: (world) => ({ roomSlug: world.malloryRoom.slug, userId: world.bob.id }), refusedWith: "FORBIDDEN" },
      { what: "kick anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    ],
  },
  {
    name: "unbanUser",
    document: `mutation($roomSlug: String!, $userId: ID!) { unbanUser(roomSlug: $roomSlug, userId: $userId) }`,
    variables: (world) => ({ ...members(world), userId: world.carol.id }),
    strings: [
      { variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH },
      { variable: "userId", field: "userId", max: ID_MAX },
    ],
    intrusions: [
      ...(["mallory", "bob", "carol"] as const).map((as) => ({ what: "lift a ban in another's room", as, refusedWith: "FORBIDDEN" })),
      { what: "lift a ban in another room with one room's moderator rights", as: "dave", variables: (world) => ({ roomSlug: world.malloryRoom.slug, userId: world.carol.id }), refusedWith: "FORBIDDEN" },
      { what: "lift a ban anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    ],
  },
  {
    name: "joinToken",
    document: `query($roomSlug: String!, $clientId: String) { joinToken(roomSlug: $roomSlug, clientId: $clientId) { token } }`,
    variables: (world) => ({ ...members(world), clientId: "sfu-client" }),
    strings: [
      { variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH },
      { variable: "clientId", field: "clientId", max: CLIENT_ID_MAX },
    ],
    intrusions: entryIntrusions("a join token"),
  },
  {
    name: "jitsiAccess",
    document: `query($roomSlug: String!) { jitsiAccess(roomSlug: $roomSlug) { password jwt } }`,
    variables: (world) => members(world),
    strings: [{ variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH }],
    intrusions: entryIntrusions("Jitsi credentials"),
  },
  {
    name: "videoroomAccess",
    document: `query($roomSlug: String!) { videoroomAccess(roomSlug: $roomSlug) { __typename } }`,
    variables: (world) => members(world),
    strings: [{ variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH }],
    // This suite runs without Janus: everyone is refused alike. The entry decision in front of
    // VideoRoom access is tested against a real Janus in test/interop/janus-videoroom.test.ts.
    intrusions: (["mallory", "carol", "anonymous"] as const).map((as) => ({
      what: "get VideoRoom access to another's members-only room on a server without Janus",
      as,
      refusedWith: "UPSTREAM_UNAVAILABLE",
    })),
  },
  // API tokens
  {
    name: "apiTokens",
    document: `{ apiTokens { id } }`,
    variables: () => ({}),
    strings: [],
    intrusions: [
      { what: "list tokens anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
      { what: "see another's tokens among one's own", as: "mallory", reveals: (data) => expect(data.apiTokens).toEqual([]) },
    ],
  },
  {
    name: "createApiToken",
    document: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
    variables: () => ({ input: { name: "bot", scopes: ["ROOMS_READ"] } }),
    strings: [{ variable: "input.name", field: "name", max: API_TOKEN_NAME_MAX }],
    intrusions: [{ what: "create a token anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" }],
  },
  {
    name: "revokeApiToken",
    document: `mutation($id: ID!) { revokeApiToken(id: $id) }`,
    variables: (world) => ({ id: world.aliceApiTokenId }),
    strings: [{ variable: "id", field: "id", max: ID_MAX }],
    intrusions: [
      { what: "revoke another's token (answered as if there were none)", as: "mallory", reveals: (data) => expect(data.revokeApiToken).toBe(false) },
      { what: "revoke a token anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    ],
  },
  // Admin dashboard
  {
    name: "users",
    document: `query($after: String, $search: String) { users(after: $after, search: $search) { totalCount } }`,
    variables: () => ({ after: null, search: "a" }),
    oversizeAs: "root",
    strings: [
      { variable: "after", field: "after", max: CURSOR_MAX_LENGTH },
      { variable: "search", field: "search", max: SEARCH_MAX_LENGTH },
    ],
    intrusions: adminOnly("list users"),
  },
  {
    name: "rooms",
    document: `query($after: String, $search: String, $ownerId: ID) { rooms(after: $after, search: $search, ownerId: $ownerId) { totalCount } }`,
    variables: (world) => ({ after: null, search: "a", ownerId: world.alice.id }),
    oversizeAs: "root",
    strings: [
      { variable: "after", field: "after", max: CURSOR_MAX_LENGTH },
      { variable: "search", field: "search", max: SEARCH_MAX_LENGTH },
      { variable: "ownerId", field: "ownerId", max: ID_MAX },
    ],
    intrusions: adminOnly("list every room"),
  },
  {
    name: "setUserAdmin",
    document: `mutation($userId: ID!, $isAdmin: Boolean!) { setUserAdmin(userId: $userId, isAdmin: $isAdmin) { isAdmin } }`,
    variables: (world) => ({ userId: world.mallory.id, isAdmin: true }),
    oversizeAs: "root",
    strings: [{ variable: "userId", field: "userId", max: ID_MAX }],
    intrusions: [
      ...adminOnly("make oneself an admin"),
      { what: "make a room's owner an admin as that owner", as: "alice", variables: (world) => ({ userId: world.alice.id, isAdmin: true }), refusedWith: "FORBIDDEN" },
    ],
  },
  {
    name: "auditLog",
    document: `query($after: String, $roomSlug: String, $actorId: ID) { auditLog(after: $after, roomSlug: $roomSlug, actorId: $actorId) { totalCount } }`,
    variables: (world) => ({ after: null, roomSlug: world.membersRoom.slug, actorId: world.alice.id }),
    strings: [
      { variable: "after", field: "after", max: CURSOR_MAX_LENGTH },
      { variable: "roomSlug", field: "roomSlug", max: SLUG_MAX_LENGTH },
      { variable: "actorId", field: "actorId", max: ID_MAX },
    ],
    intrusions: [
      ...(["mallory", "bob", "carol"] as const).map((as) => ({ what: "read the audit log of another's room", as, refusedWith: "FORBIDDEN" })),
      { what: "read the whole audit log without being an admin", as: "alice", variables: () => ({}), refusedWith: "FORBIDDEN" },
      { what: "read the audit log anonymously", as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    ],
  },
  // Janus administration
  { name: "janusTokens", document: `{ janusTokens { token } }`, variables: () => ({}), strings: [], intrusions: adminOnly("list Janus tokens") },
  {
    name: "addJanusToken",
    document: `mutation($token: String!) { addJanusToken(token: $token) { token } }`,
    variables: () => ({ token: "hostile-token" }),
    oversizeAs: "root",
    strings: [{ variable: "token", field: "token", max: JANUS_TOKEN_MAX }],
    intrusions: adminOnly("add a Janus token"),
  },
  {
    name: "removeJanusToken",
    document: `mutation($token: String!) { removeJanusToken(token: $token) }`,
    variables: () => ({ token: "hostile-token" }),
    oversizeAs: "root",
    strings: [{ variable: "token", field: "token", max: JANUS_TOKEN_MAX }],
    intrusions: adminOnly("remove a Janus token"),
  },
  {
    name: "mediaTasks",
    document: `query($after: String) { mediaTasks(after: $after) { totalCount } }`,
    variables: () => ({ after: null }),
    oversizeAs: "root",
    strings: [{ variable: "after", field: "after", max: CURSOR_MAX_LENGTH }],
    intrusions: adminOnly("list media tasks"),
  },
  {
    name: "retryMediaTask",
    document: `mutation($id: ID!) { retryMediaTask(id: $id) { id } }`,
    variables: () => ({ id: "5b0c3f2e-8a41-4f6d-9c27-1e0d4b7a6f13" }),
    oversizeAs: "root",
    strings: [{ variable: "id", field: "id", max: ID_MAX }],
    intrusions: adminOnly("retry a media task"),
  },
];

function adminOnly(what: string): Intrusion[] {
  return [
    ...(["mallory", "alice"] as const).map((as) => ({ what: `${what} without being an admin`, as, refusedWith: "FORBIDDEN" })),
    { what: `${what} anonymously`, as: "anonymous", refusedWith: "UNAUTHENTICATED" },
  ];
}

/** The same entry decision guards every media credential. */
function entryIntrusions(credential: string): Intrusion[] {
  return [
    { what: `get ${credential} for another's members-only room`, as: "mallory", refusedWith: "FORBIDDEN" },
    { what: `get ${credential} while banned`, as: "carol", refusedWith: "BANNED" },
    { what: `get ${credential} anonymously for a members-only room`, as: "anonymous", refusedWith: "UNAUTHENTICATED" },
    { what: `get ${credential} for a closed room as a member`, as: "bob", variables: (world) => ({ roomSlug: world.closedRoom.slug }), refusedWith: "ROOM_CLOSED" },
    { what: `get ${credential} for a closed room as a stranger`, as: "mallory", variables: (world) => ({ roomSlug: world.closedRoom.slug }), refusedWith: "ROOM_CLOSED" },
  ];
}

/** Sets the value at a dotted path in a copy of the variables. */
export function withValue(variables: Variables, dottedPath: string, value: unknown): Variables {
  const copy = structuredClone(variables);
  const keys = dottedPath.split(".");
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}
