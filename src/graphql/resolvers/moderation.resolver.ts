import { Ctx, Mutation, Resolver } from "type-graphql";
import { getUser } from "../../accounts/accounts.service.js";
import { kickUser, unbanUser } from "../../rooms/moderation.service.js";
import { BAN_REASON_MAX } from "../../rooms/room-limits.js";
import { RequiresScope } from "../access.js";
import { IdArg, SlugArg, TextArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { KickResultType } from "../types/room.type.js";

@Resolver()
export class ModerationResolver {
  @RequiresScope("MODERATE")
  @Mutation(() => KickResultType, {
    description:
      "Bans the user from the room (until unbanUser) and removes their role; then the media servers drop them: Janus VideoRoom tokens are revoked " +
      "and their Janus sessions destroyed, janus-plugin-sfu gets a kick per client id. Owner, moderators and admins; a moderator cannot kick the owner, " +
      "another moderator or an admin. The ban stands even when a media server is unreachable; the media-side work is retried until it confirms",
  })
  async kickUser(
    @SlugArg("roomSlug") roomSlug: string,
    @IdArg("userId") userId: string,
    @TextArg("reason", BAN_REASON_MAX, { nullable: true }) reason: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    const { services } = context;
    const outcome = await kickUser(services.db, services.mediaTasks, requireUser(context), { roomSlug, userId, reason });
    return { user: await getUser(services.db, userId), ...outcome };
  }

  @RequiresScope("MODERATE")
  @Mutation(() => Boolean, { description: "Lifts a ban; false when there was none. Owner, moderators and admins (a banned admin still moderates)" })
  unbanUser(@SlugArg("roomSlug") roomSlug: string, @IdArg("userId") userId: string, @Ctx() context: GraphQLContext) {
    return unbanUser(context.services.db, requireUser(context), { roomSlug, userId });
  }
}
