import { Arg, Ctx, Mutation, Query, Resolver, UseMiddleware } from "type-graphql";
import { addJanusToken, JANUS_TOKEN_MAX, listJanusTokens, removeJanusToken } from "../../media/janus/janus-tokens.service.js";
import { issueVideoroomAccess } from "../../media/janus/videoroom-access.service.js";
import { RequiresScope } from "../access.js";
import { SlugArg, TextArg } from "../args.js";
import { SpendsMediaAccess } from "../budgets.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { JanusTokenType, VideoRoomAccessType } from "../types/janus.type.js";

@Resolver()
export class JanusResolver {
  @RequiresScope("ADMIN")
  @Query(() => [JanusTokenType], { description: "Admins only: Janus's own list_tokens, including tokens added by other means" })
  janusTokens(@Ctx() context: GraphQLContext) {
    return listJanusTokens(context.services.janus, requireUser(context));
  }

  @RequiresScope("ADMIN")
  @Mutation(() => JanusTokenType, { description: "Admins only; plugins null = every plugin Janus has loaded (it answers them by name). Stored in Janus memory: a Janus restart forgets it" })
  addJanusToken(
    @TextArg("token", JANUS_TOKEN_MAX) token: string,
    @Arg("plugins", () => [String], { nullable: true }) plugins: string[] | null,
    @Ctx() context: GraphQLContext,
  ) {
    return addJanusToken(context.services, requireUser(context), token, plugins);
  }

  @RequiresScope("ADMIN")
  @Mutation(() => Boolean, { description: "Admins only; false when Janus did not have it" })
  removeJanusToken(@TextArg("token", JANUS_TOKEN_MAX) token: string, @Ctx() context: GraphQLContext) {
    return removeJanusToken(context.services, requireUser(context), token);
  }

  @RequiresScope("JOIN_TOKENS")
  @UseMiddleware(SpendsMediaAccess)
  @Query(() => VideoRoomAccessType, { description: "Same entry decision and codes as joinToken; NOT_FOUND when the room has no VideoRoom" })
  videoroomAccess(@SlugArg("roomSlug") roomSlug: string, @Ctx() { services, user }: GraphQLContext) {
    return issueVideoroomAccess({ db: services.db, janus: services.janus }, user, roomSlug);
  }
}
