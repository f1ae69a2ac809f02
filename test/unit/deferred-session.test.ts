// Which operations let joinToken look the session up itself, and that a context whose caller is
// not known yet can never be read as anonymous, not even after Apollo copies it.
import { describe, expect, it } from "@jest/globals";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import type { AppServices } from "../../src/app-services.js";
import { deferredCallerContext, settleCaller } from "../../src/graphql/context.js";
import { runsOnlyDeferringFields } from "../../src/graphql/deferred-session.js";
import type { User } from "../../src/accounts/user.entity.js";

const operation = (source: string) => parse(source).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;

describe("runsOnlyDeferringFields", () => {
  it.each([
    ["one joinToken", `{ joinToken(roomSlug: "a") { token } }`],
    ["aliased join tokens for two rooms", `query { a: joinToken(roomSlug: "a") { token } b: joinToken(roomSlug: "b") { role } }`],
  ])("is true for %s", (_name, source) => {
    expect(runsOnlyDeferringFields(operation(source))).toBe(true);
  });

  it.each([
    ["joinToken beside me", `{ joinToken(roomSlug: "a") { token } me { id } }`],
    ["__typename alone", `{ __typename }`],
    ["joinToken beside __typename", `{ __typename joinToken(roomSlug: "a") { token } }`],
    ["a root fragment spread", `{ ...F } fragment F on Query { joinToken(roomSlug: "a") { token } }`],
    ["an inline fragment", `{ ... on Query { joinToken(roomSlug: "a") { token } } }`],
    ["a directive on the field", `query($x: Boolean!) { joinToken(roomSlug: "a") @include(if: $x) { token } }`],
    ["a mutation", `mutation { logOut }`],
  ])("is false for %s", (_name, source) => {
    expect(runsOnlyDeferringFields(operation(source))).toBe(false);
  });
});

describe("a context whose session is not looked up yet", () => {
  const services = { db: {} } as unknown as AppServices;

  it("throws on reading user, sessionToken or roomViewer, also from Apollo's per-request copy", () => {
    const context = deferredCallerContext(services, "session-token", "192.0.2.1");
    const copy = Object.assign(Object.create(Object.getPrototypeOf(context)), context); // what Apollo does per request
    for (const each of [context, copy]) {
      expect(() => each.user).toThrow("context.user was read before the caller's session was looked up");
      expect(() => each.sessionToken).toThrow(/sessionToken/);
      expect(() => each.roomViewer).toThrow(/roomViewer/);
      expect(each.deferredSession).toEqual({ token: "session-token", refused: false });
      expect(each.apiToken).toBeNull();
    }
  });

  it("reads as the caller once settled, and its fields can be set again (logIn acts as the new user)", () => {
    const context = deferredCallerContext(services, "session-token", "192.0.2.1");
    const user = { id: "u1", isAdmin: false } as User;
    settleCaller(context, { user, sessionToken: "session-token" });
    expect(context.user).toBe(user);
    expect(context.sessionToken).toBe("session-token");
    expect(context.deferredSession).toBeNull();
    context.user = null;
    expect(context.user).toBeNull();
  });
});
