// A signed-in joinToken looks up its session and the entry facts in one statement: the session
// bearer's lookup waits until the operation is known. These pin down that this changes nothing a
// caller can see: every caller gets their own answer, a dead session is refused with the same 401
// on every operation, and any other operation has its session looked up before it runs.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findSessionEntry } from "../../src/rooms/access.service.js";
import { gql, gqlOk, type GraphQLResponse } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { statementsDuring } from "../support/statements.js";
import { startTestApp, TEST_DATABASES, type TestApp } from "../support/test-app.js";

const JOIN = `query($roomSlug: String!) { joinToken(roomSlug: $roomSlug) { role claims { sub } } }`;
const JOIN_WITH_CLIENT = `query($roomSlug: String!, $clientId: String) { joinToken(roomSlug: $roomSlug, clientId: $clientId) { role } }`;
const UNKNOWN_TOKEN = "A".repeat(43); // the shape of a session token, naming no session

/** What a caller sees: the role, or the error code with the HTTP status and whether data came back. */
const outcome = (answer: GraphQLResponse) =>
  answer.data?.joinToken ? answer.data.joinToken.role : `${answer.errors?.[0]?.extensions?.code} ${answer.status}${"data" in answer ? " with data" : ""}`;

describe.each(TEST_DATABASES)("joinToken with a session bearer (%s)", (database) => {
  let app: TestApp;
  let owner: SignedUpUser, publisher: SignedUpUser, loggedOut: SignedUpUser;
  let room: string;

  beforeAll(async () => {
    app = await startTestApp({ database, env: { JOIN_TOKENS_PER_MINUTE: "0", MEDIA_TASK_POLL_MS: "600000" } });
    [owner, publisher, loggedOut] = await Promise.all(["owner", "publisher", "logged-out"].map((name) => signUp(app.url, name)));
    room = (await createRoom(app.url, owner.token, { name: "Members", entryMode: "MEMBERS" })).slug;
    await setRole(app.url, owner.token, room, publisher.id, "PUBLISHER");
    await gqlOk(app.url, `mutation { logOut }`, {}, loggedOut.token);
  });
  afterAll(() => app?.stop());


  it("answers a signed-in joinToken with one statement holding the session and the entry facts", async () => {
    const { result, names } = await statementsDuring(app.services.db, () => gql(app.url, JOIN, { roomSlug: room }, publisher.token));
    expect(result.data?.joinToken).toEqual({ role: "PUBLISHER", claims: { sub: publisher.id } });
    expect(names).toEqual(["roomkey_session_entry_facts_v1"]);
  });

  it("answers a refresh with a fresh clientId stamp with that one statement too, and the first with it plus the stamp's write", async () => {
    const first = await statementsDuring(app.services.db, () => gql(app.url, JOIN_WITH_CLIENT, { roomSlug: room, clientId: "sfu-one-lookup" }, owner.token));
    expect(first.result.data?.joinToken).toEqual({ role: "OWNER" });
    expect(first.names[0]).toBe("roomkey_session_entry_facts_v1");
    const refresh = await statementsDuring(app.services.db, () => gql(app.url, JOIN_WITH_CLIENT, { roomSlug: room, clientId: "sfu-one-lookup" }, owner.token));
    expect(refresh.result.data?.joinToken).toEqual({ role: "OWNER" });
    expect(refresh.names).toEqual(["roomkey_session_entry_facts_v1"]);
  });

  it("gives concurrent callers their own answers, with no lookup of the session on its own: live, unknown and logged-out sessions, a missing room", async () => {
    const asks: Array<[string | undefined, string]> = [
      [publisher.token, room],
      [UNKNOWN_TOKEN, room],
      [owner.token, room],
      [loggedOut.token, room],
      [owner.token, "no-such-room"],
      [UNKNOWN_TOKEN, "no-such-room"],
      [undefined, room],
    ];
    const { result, names } = await statementsDuring(app.services.db, () => Promise.all(asks.map(([token, roomSlug]) => gql(app.url, JOIN, { roomSlug }, token))));
    expect(result.map(outcome)).toEqual([
      "PUBLISHER",
      "UNAUTHENTICATED 401",
      "OWNER",
      "UNAUTHENTICATED 401",
      "NOT_FOUND 200 with data",
      "UNAUTHENTICATED 401",
      "UNAUTHENTICATED 200 with data", // anonymous, in a MEMBERS room: an entry denial, not a dead bearer
    ]);
    expect(names.filter((name) => name.startsWith("roomkey_session_user"))).toEqual([]);
    expect(names.filter((name) => name.startsWith("roomkey_session_entry_facts")).length).toBeGreaterThan(0);
  });

  it("shares one statement between the session entry lookups made in one turn, each answered for its own session and room", async () => {
    const asks: Array<[string, string]> = [
      [publisher.token, room],
      [UNKNOWN_TOKEN, room],
      [owner.token, "no-such-room"],
      [loggedOut.token, room],
      [owner.token, room],
    ];
    const { result, names } = await statementsDuring(app.services.db, () => Promise.all(asks.map(([token, slug]) => findSessionEntry(app.services.db, token, slug, null))));
    expect(result.map(({ caller, facts }) => [caller?.id ?? null, facts ? `${facts.slug} ${facts.role}` : null])).toEqual([
      [publisher.id, `${room} PUBLISHER`],
      [null, null],
      [owner.id, null],
      [null, null],
      [owner.id, `${room} OWNER`],
    ]);
    expect(names).toEqual(["roomkey_session_entry_facts_batch_v1"]);
  });

  it("answers a dead session asking for several join tokens at once with one 401 error and no data", async () => {
    const twice = `query($roomSlug: String!) { a: joinToken(roomSlug: $roomSlug) { role } b: joinToken(roomSlug: $roomSlug) { role } }`;
    const answer = await gql(app.url, twice, { roomSlug: room }, loggedOut.token);
    expect(answer).toEqual({ status: 401, errors: [{ message: expect.stringMatching(/invalid, expired or revoked/), extensions: { code: "UNAUTHENTICATED" } }] });
    expect((await gqlOk(app.url, twice, { roomSlug: room }, owner.token)).a).toEqual({ role: "OWNER" });
  });

  it("looks the session up before an operation that asks for more than join tokens runs, and refuses a dead one with 401 before anything runs", async () => {
    const mixed = `query($roomSlug: String!) { joinToken(roomSlug: $roomSlug) { role } me { id } }`;
    const { result, names } = await statementsDuring(app.services.db, () => gql(app.url, mixed, { roomSlug: room }, publisher.token));
    expect(result.data).toEqual({ joinToken: { role: "PUBLISHER" }, me: { id: publisher.id } });
    expect(names).toEqual(["roomkey_session_user_v1", "roomkey_entry_facts_v1"]);

    const refused = await statementsDuring(app.services.db, () => gql(app.url, mixed, { roomSlug: room }, loggedOut.token));
    expect(refused.result).toEqual({ status: 401, errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
    expect(refused.names).toEqual(["roomkey_session_user_v1"]);
  });

  it("answers a request that fails validation with that error (HTTP 400), without looking its session up", async () => {
    const invalid = `query($roomSlug: String!) { joinToken(roomSlug: $roomSlug) { noSuchField } }`;
    for (const token of [loggedOut.token, publisher.token]) {
      const { result, names } = await statementsDuring(app.services.db, () => gql(app.url, invalid, { roomSlug: room }, token));
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT"); // how the API reports a query that does not validate
      expect(names).toEqual([]);
    }
  });

  it("sees a log-out committed between two requests on the second", async () => {
    const member = await signUp(app.url, "member");
    await setRole(app.url, owner.token, room, member.id, "SUBSCRIBER");
    expect(outcome(await gql(app.url, JOIN, { roomSlug: room }, member.token))).toBe("SUBSCRIBER");
    await gqlOk(app.url, `mutation { logOut }`, {}, member.token);
    expect(outcome(await gql(app.url, JOIN, { roomSlug: room }, member.token))).toBe("UNAUTHENTICATED 401");
  });
});
