// Usage budgets as type-graphql middleware, so a resolver declares what it spends with one
// decorator and its body stays a single call into its context:
//   @UseMiddleware(SpendsMediaAccess)  on every field that hands out a media-server credential,
// except joinToken, which charges the same budget in its service once its caller is known
// (tokens/join-token.service.ts).
import type { MiddlewareFn } from "type-graphql";
import type { Requester } from "../limits/usage-budgets.js";
import type { GraphQLContext } from "./context.js";

const requesterOf = (context: GraphQLContext): Requester => ({ userId: context.user?.id ?? null, clientIp: context.clientIp });

/** joinToken, jitsiAccess and any other media credential: JOIN_TOKENS_PER_MINUTE per user or anonymous address. */
export const SpendsMediaAccess: MiddlewareFn<GraphQLContext> = async ({ context }, next) => {
  await context.services.budgets.chargeMediaAccess(requesterOf(context));
  return next();
};

/** createRoom: CREATE_ROOMS_PER_HOUR per user. */
export const SpendsRoomCreation: MiddlewareFn<GraphQLContext> = async ({ context }, next) => {
  await context.services.budgets.chargeRoomCreation(requesterOf(context));
  return next();
};
