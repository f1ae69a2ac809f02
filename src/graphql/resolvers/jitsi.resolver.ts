import { Ctx, Query, Resolver, UseMiddleware } from "type-graphql";
import { RequiresScope } from "../access.js";
import { issueJitsiAccess } from "../../media/jitsi/jitsi-access.service.js";
import { SlugArg } from "../args.js";
import { SpendsMediaAccess } from "../budgets.js";
import type { GraphQLContext } from "../context.js";
import { JitsiAccessType } from "../types/jitsi-access.type.js";

@Resolver()
export class JitsiResolver {
  @RequiresScope("JOIN_TOKENS")
  @Query(() => JitsiAccessType, {
    description:
      "Jitsi Meet credentials for the room, after the same entry decision as joinToken. Jitsi enforces no publish rights and roomkey cannot revoke either credential: " +
      "the token-plugin password names a room, not a person, and stays valid for JITSI_TOKEN_LIFETIME; the JWT until its exp. A ban only stops new credentials",
  })
  @UseMiddleware(SpendsMediaAccess)
  jitsiAccess(@SlugArg("roomSlug") roomSlug: string, @Ctx() { services, user }: GraphQLContext) {
    return issueJitsiAccess({ db: services.db, jitsi: services.config.jitsi }, user, roomSlug);
  }
}
