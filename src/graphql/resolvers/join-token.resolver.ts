import { Ctx, Mutation, Query, Resolver } from "type-graphql";
import { getUser } from "../../accounts/accounts.service.js";
import { kickUser, unbanUser } from "../../rooms/moderation.service.js";
import { BAN_REASON_MAX, CLIENT_ID_MAX } from "../../rooms/room-limits.js";
import { issueJoinToken } from "../../tokens/join-token.service.js";
import { IdArg, OptionalTextArg, SlugArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { JoinTokenType } from "../types/join-token.type.js";
import { KickResultType } from "../types/room.type.js";

@Resolver()
export class JoinTokenResolver {
  @Query(() => JoinTokenType, { description: "clientId: the SFU user_id the client will join with" })
  async joinToken(
    @SlugArg("roomSlug") roomSlug: string,
    @OptionalTextArg("clientId", CLIENT_ID_MAX) clientId: string | null,
    @Ctx() { services, user }: GraphQLContext,
  ): Promise<JoinTokenType> {
    const issued = await issueJoinToken(services, user, { roomSlug, clientId });
    const { claims } = issued;
    return {
      token: issued.token,
      expiresAt: issued.expiresAt,
      refreshAt: issued.refreshAt,
      role: issued.role,
      claims: {
        sub: claims.sub,
        joinHub: claims.join_hub,
        kickUsers: claims.kick_users,
        roomIds: claims.room_ids,
        aud: claims.aud,
        iss: claims.iss,
        jti: claims.jti,
        issuedAt: new Date(claims.iat * 1000),
      },
    };
  }

  @Mutation(() => KickResultType, { description: "Bans the user from the room (until unbanUser), removes their role, drops live sessions" })
  async kickUser(
    @SlugArg("roomSlug") roomSlug: string,
    @IdArg("userId") userId: string,
    @OptionalTextArg("reason", BAN_REASON_MAX) reason: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    const { services } = context;
    const outcome = await kickUser(services.db, services.liveSessions, requireUser(context), { roomSlug, userId, reason });
    return { user: await getUser(services.db, userId), ...outcome };
  }

  @Mutation(() => Boolean, { description: "Lifts a ban; false when there was none" })
  unbanUser(@SlugArg("roomSlug") roomSlug: string, @IdArg("userId") userId: string, @Ctx() context: GraphQLContext) {
    return unbanUser(context.services.db, requireUser(context), { roomSlug, userId });
  }
}
