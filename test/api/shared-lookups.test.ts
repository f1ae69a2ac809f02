// The hot lookups (who holds this session, may they enter this room) are shared by the requests
// that arrive together: one statement answers many keys. These pin down that each caller still gets
// exactly the answer for their own key, and that sharing never turns into caching.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUserBySessionToken } from "../../src/accounts/session-lookup.js";
import { admitCaller } from "../../src/rooms/access.service.js";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { statementsDuring } from "../support/statements.js";
import { startTestApp, TEST_DATABASES, type TestApp } from "../support/test-app.js";

const JOIN = `query($roomSlug: String!) { joinToken(roomSlug: $roomSlug) { role claims { sub kickUsers } } }`;
const KICK = `mutation($roomSlug: String!, $userId: ID!) { kickUser(roomSlug: $roomSlug, userId: $userId) { banned } }`;
const UNKNOWN_TOKEN = "A".repeat(43); // the shape of a session token, naming no session

describe.each(TEST_DATABASES)("lookups shared by concurrent requests (%s)", (database) => {
  let app: TestApp;
  let owner: SignedUpUser, moderator: SignedUpUser, subscriber: SignedUpUser, outsider: SignedUpUser, kicked: SignedUpUser;
  let membersRoom: string, openRoom: string;

  beforeAll(async () => {
    app = await startTestApp({ database, env: { JOIN_TOKENS_PER_MINUTE: "0", MEDIA_TASK_POLL_MS: "600000" } });
    [owner, moderator, subscriber, outsider, kicked] = await Promise.all(["owner", "moderator", "subscriber", "outsider", "kicked"].map((name) => signUp(app.url, name)));
    membersRoom = (await createRoom(app.url, owner.token, { name: "Members", entryMode: "MEMBERS" })).slug;
    openRoom = (await createRoom(app.url, owner.token, { name: "Open", entryMode: "OPEN", allowAnonymous: true, defaultRole: "SUBSCRIBER" })).slug;
    await setRole(app.url, owner.token, membersRoom, moderator.id, "MODERATOR");
    await setRole(app.url, owner.token, membersRoom, subscriber.id, "SUBSCRIBER");
    await setRole(app.url, owner.token, membersRoom, kicked.id, "PUBLISHER");
    await gqlOk(app.url, KICK, { roomSlug: membersRoom, userId: kicked.id }, owner.token);
  });
  afterAll(() => app?.stop());


  it("answers lookups made in the same turn with one statement, each with the user of its own token, none for an unknown one", async () => {
    const callers = [owner, UNKNOWN_TOKEN, moderator, subscriber, owner, outsider, UNKNOWN_TOKEN, kicked];
    const { result, names } = await statementsDuring(app.services.db, () =>
      Promise.all(callers.map((caller) => findUserBySessionToken(app.services.db, typeof caller === "string" ? caller : caller.token))),
    );
    expect(result.map((user) => user?.id ?? null)).toEqual(callers.map((caller) => (typeof caller === "string" ? null : caller.id)));
    expect(names).toEqual(["roomkey_session_users_v1"]);
  });

  it("runs a lookup alone as the single-key statement", async () => {
    const { result, names } = await statementsDuring(app.services.db, () => findUserBySessionToken(app.services.db, subscriber.token));
    expect(result?.id).toBe(subscriber.id);
    expect(names).toEqual(["roomkey_session_user_v1"]);
  });

  it("decides entries looked up together each by their own room and caller: roles, a ban, members-only refusals, a missing room", async () => {
    const actor = (user: SignedUpUser) => ({ id: user.id, isAdmin: false });
    const asks = [
      admitCaller(app.services.db, membersRoom, actor(owner)),
      admitCaller(app.services.db, membersRoom, actor(kicked)),
      admitCaller(app.services.db, openRoom, null),
      admitCaller(app.services.db, membersRoom, actor(subscriber)),
      admitCaller(app.services.db, membersRoom, actor(outsider)),
      admitCaller(app.services.db, "no-such-room", actor(owner)),
      admitCaller(app.services.db, membersRoom, actor(moderator)),
      admitCaller(app.services.db, membersRoom, null),
    ];
    const { result, names } = await statementsDuring(app.services.db, () => Promise.allSettled(asks));
    const outcome = result.map((settled) => (settled.status === "fulfilled" ? settled.value.entry.role : (settled.reason as { code: string }).code));
    expect(outcome).toEqual(["OWNER", "BANNED", null, "SUBSCRIBER", "FORBIDDEN", "NOT_FOUND", "MODERATOR", "UNAUTHENTICATED"]);
    expect(names).toEqual(["roomkey_entry_facts_batch_v1"]);
  });

  it("gives every one of many concurrent joinToken requests its own caller's token through the GraphQL endpoint", async () => {
    const callers = [owner, moderator, subscriber, outsider, kicked, null, owner, subscriber, null, moderator, outsider, kicked];
    const answers = await Promise.all(callers.map((caller) => gql(app.url, JOIN, { roomSlug: membersRoom }, caller?.token)));
    const seen = answers.map((answer) => answer.data?.joinToken ?? answer.errors?.[0]?.extensions?.code);
    const expected = callers.map((caller) =>
      caller === owner
        ? { role: "OWNER", claims: { sub: owner.id, kickUsers: true } }
        : caller === moderator
          ? { role: "MODERATOR", claims: { sub: moderator.id, kickUsers: true } }
          : caller === subscriber
            ? { role: "SUBSCRIBER", claims: { sub: subscriber.id, kickUsers: false } }
            : caller === outsider
              ? "FORBIDDEN"
              : caller === kicked
                ? "BANNED"
                : "UNAUTHENTICATED",
    );
    expect(seen).toEqual(expected);
  });

  it("reuses no answer: a ban and a log-out committed between two lookups decide the second", async () => {
    const member = await signUp(app.url, "member");
    await setRole(app.url, owner.token, membersRoom, member.id, "PUBLISHER");
    const twice = () => Promise.all([gql(app.url, JOIN, { roomSlug: membersRoom }, member.token), gql(app.url, JOIN, { roomSlug: membersRoom }, owner.token)]);
    expect((await twice()).map((answer) => answer.data?.joinToken?.role)).toEqual(["PUBLISHER", "OWNER"]);

    await gqlOk(app.url, KICK, { roomSlug: membersRoom, userId: member.id }, owner.token);
    expect((await twice())[0]!.errors?.[0]?.extensions?.code).toBe("BANNED");

    await gqlOk(app.url, `mutation { logOut }`, {}, member.token);
    expect((await twice())[0]!.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await twice())[1]!.data?.joinToken?.role).toBe("OWNER");
  });
});
