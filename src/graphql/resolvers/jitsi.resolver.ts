import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { RequiresScope } from "../access.js";
import { issueJitsiAccess } from "../../media/jitsi/jitsi-access.service.js";
import type { GraphQLContext } from "../context.js";
import { JitsiAccessType } from "../types/jitsi-access.type.js";

@Resolver()
export class JitsiResolver {
  @RequiresScope("JOIN_TOKENS")
  @Query(() => JitsiAccessType, { description: "Jitsi Meet credentials for the room, after the same entry decision as joinToken" })
  jitsiAccess(@Arg("roomSlug") roomSlug: string, @Ctx() { services, user }: GraphQLContext) {
    return issueJitsiAccess({ db: services.db, jitsi: services.config.jitsi }, user, roomSlug);
  }
}
