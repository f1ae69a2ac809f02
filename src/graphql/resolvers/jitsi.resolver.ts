import { Ctx, Query, Resolver } from "type-graphql";
import { issueJitsiAccess } from "../../media/jitsi/jitsi-access.service.js";
import { SlugArg } from "../args.js";
import type { GraphQLContext } from "../context.js";
import { JitsiAccessType } from "../types/jitsi-access.type.js";

@Resolver()
export class JitsiResolver {
  @Query(() => JitsiAccessType, { description: "Jitsi Meet credentials for the room, after the same entry decision as joinToken" })
  jitsiAccess(@SlugArg("roomSlug") roomSlug: string, @Ctx() { services, user }: GraphQLContext) {
    return issueJitsiAccess({ db: services.db, jitsi: services.config.jitsi }, user, roomSlug);
  }
}
