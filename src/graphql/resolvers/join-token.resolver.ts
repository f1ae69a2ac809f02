import { Ctx, Query, Resolver } from "type-graphql";
import { RequiresScope } from "../access.js";
import { CLIENT_ID_MAX } from "../../rooms/room-limits.js";
import { issueJoinToken } from "../../tokens/join-token.service.js";
import { SlugArg, TextArg } from "../args.js";
import type { GraphQLContext } from "../context.js";
import { withJoinCaller } from "../deferred-session.js";
import { JoinTokenType, toJoinTokenType } from "../types/join-token.type.js";

@Resolver()
export class JoinTokenResolver {
  @RequiresScope("JOIN_TOKENS")
  @Query(() => JoinTokenType, {
    description:
      "clientId: the SFU user_id the client will join with (remembered so a kick can send janus-plugin-sfu a kick message for it). " +
      "janus-plugin-sfu has no publish permission: a SUBSCRIBER's token can publish there (use videoroomAccess where that matters). " +
      "A token cannot be revoked; it is valid until exp (PERMS_TOKEN_TTL_SECONDS, 5 minutes)",
  })
  async joinToken(
    @SlugArg("roomSlug") roomSlug: string,
    @TextArg("clientId", CLIENT_ID_MAX, { nullable: true }) clientId: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<JoinTokenType> {
    // Charges JOIN_TOKENS_PER_MINUTE itself (the SpendsMediaAccess budget): for a session bearer
    // the user is known only after its one lookup.
    const issued = await withJoinCaller(context, (caller) => issueJoinToken(context.services, caller, { roomSlug, clientId, clientIp: context.clientIp }));
    return toJoinTokenType(issued, issued.role);
  }
}
