// joinToken is the hot path, and a signed-in caller's session lookup and entry facts can come back
// in one statement (rooms/access.service.ts) instead of two in a row. So a session bearer is not
// looked up when the request arrives but once the operation is known: an operation that runs
// nothing but joinToken fields hands the bearer to joinToken, every other operation has its
// session looked up here, before it executes, exactly as before.
//
// Fail closed either way: a dead session answers 401 UNAUTHENTICATED with no data, the response a
// failed context gives, and a context whose caller is not known yet throws when read.
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { DeadBearerError, resolveBearer, sessionBearer } from "../accounts/authenticate.js";
import type { JoinCaller } from "../tokens/join-token.service.js";
import { settleCaller, type GraphQLContext } from "./context.js";
import { asContextFailure, INVALID_TOKEN_CHALLENGE } from "./errors.js";

/** Root fields whose resolvers take the caller as a JoinCaller (they never read context.user). */
const TAKES_DEFERRED_SESSION = new Set(["joinToken"]);

/** True for a query whose root selections are all such fields, without fragments or directives. */
export function runsOnlyDeferringFields(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === "query" &&
    operation.selectionSet.selections.every(
      (selection) => selection.kind === Kind.FIELD && !selection.directives?.length && TAKES_DEFERRED_SESSION.has(selection.name.value),
    )
  );
}

/** The caller as joinToken takes it; a dead session marks the response for the 401. */
export async function withJoinCaller<T>(context: GraphQLContext, work: (caller: JoinCaller) => Promise<T>): Promise<T> {
  const deferred = context.deferredSession;
  if (!deferred) return work({ actor: context.user });
  try {
    return await work({ sessionToken: deferred.token });
  } catch (error) {
    if (error instanceof DeadBearerError) deferred.refused = true;
    throw error;
  }
}

const REFUSED_BODY_ERROR = { message: new DeadBearerError().message, extensions: { code: "UNAUTHENTICATED" } };

export const deferredSessionPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }): Promise<GraphQLRequestListener<GraphQLContext> | void> {
    if (!contextValue.deferredSession) return;
    return {
      async didResolveOperation({ contextValue: context, operation }) {
        const deferred = context.deferredSession;
        if (!deferred || (operation && runsOnlyDeferringFields(operation))) return;
        settleCaller(context, await resolveBearer(context.services.db, { secret: deferred.token, kind: sessionBearer }).catch(asContextFailure));
      },
      async willSendResponse({ contextValue: context, response }) {
        if (!context.deferredSession?.refused || response.body.kind !== "single") return;
        response.body.singleResult = { errors: [REFUSED_BODY_ERROR] };
        response.http.status = 401;
        response.http.headers.set("www-authenticate", INVALID_TOKEN_CHALLENGE);
      },
    };
  },
};
