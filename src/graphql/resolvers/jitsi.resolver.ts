import { Arg, Ctx, Query, Resolver, UseMiddleware } from "type-graphql";
import { issueJitsiAccess } from "../../media/jitsi/jitsi-access.service.js";
import { SpendsMediaAccess } from "../budgets.js";
import type { GraphQLContext } from "../context.js";
import { JitsiAccessType } from "../types/jitsi-access.type.js";

@Resolver()
export class JitsiResolver {
  @Query(() => JitsiAccessType, { description: "Jitsi Meet credentials for the room, after the same entry decision as joinToken" })
  @UseMiddleware(SpendsMediaAccess)
  jitsiAccess(@Arg("roomSlug") roomSlug: string, @Ctx() { services, user }: GraphQLContext) {
    return issueJitsiAccess({ db: services.db, jitsi: services.config.jitsi }, user, roomSlug);
  }
}
