import { Ctx, Query, Resolver, UseMiddleware } from "type-graphql";
import { RequiresScope } from "../access.js";
import { CLIENT_ID_MAX } from "../../rooms/room-limits.js";
import { issueJoinToken } from "../../tokens/join-token.service.js";
import { SlugArg, TextArg } from "../args.js";
import { SpendsMediaAccess } from "../budgets.js";
import type { GraphQLContext } from "../context.js";
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
  @UseMiddleware(SpendsMediaAccess)
  async joinToken(
    @SlugArg("roomSlug") roomSlug: string,
    @TextArg("clientId", CLIENT_ID_MAX, { nullable: true }) clientId: string | null,
    @Ctx() { services, user }: GraphQLContext,
  ): Promise<JoinTokenType> {
    const issued = await issueJoinToken(services, user, { roomSlug, clientId });
    return toJoinTokenType(issued, issued.role);
  }
}
