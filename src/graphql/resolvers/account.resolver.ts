import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { AnyApiToken, SessionOnly } from "../access.js";
import * as accounts from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/user.entity.js";
import { createRoomViewer } from "../../rooms/room-viewer.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { LogInInput, RegisterInput } from "../inputs.js";
import { SessionType, UserType } from "../types/user.type.js";

@Resolver(() => UserType)
export class AccountResolver {
  @AnyApiToken()
  @Query(() => UserType, { nullable: true, description: "The signed-in user; null for anonymous callers" })
  me(@Ctx() context: GraphQLContext): User | null {
    return context.user;
  }

  @SessionOnly()
  @Mutation(() => SessionType)
  async register(@Arg("input", () => RegisterInput) input: RegisterInput, @Ctx() context: GraphQLContext) {
    const { db, config, authThrottle } = context.services;
    const grant = await accounts.registerUser(db, { ...input, clientIp: context.clientIp }, { ...config, throttle: authThrottle });
    return actAs(context, grant);
  }

  @SessionOnly()
  @Mutation(() => SessionType)
  async logIn(@Arg("input", () => LogInInput) input: LogInInput, @Ctx() context: GraphQLContext) {
    const { db, config, authThrottle } = context.services;
    const grant = await accounts.logIn(db, { ...input, clientIp: context.clientIp }, { ...config, throttle: authThrottle });
    return actAs(context, grant);
  }

  @SessionOnly()
  @Mutation(() => Boolean, { description: "Ends the current session" })
  async logOut(@Ctx() context: GraphQLContext): Promise<boolean> {
    requireUser(context);
    return accounts.deleteSession(context.services.db, context.sessionToken!);
  }

  @SessionOnly()
  @Mutation(() => Int, { description: "Ends all of the caller's sessions; returns how many" })
  logOutEverywhere(@Ctx() context: GraphQLContext): Promise<number> {
    return accounts.deleteAllSessions(context.services.db, requireUser(context).id);
  }

  @FieldResolver(() => String, { nullable: true, description: "The user themself and admins see it; everyone else gets null" })
  email(@Root() user: User, @Ctx() { user: viewer }: GraphQLContext): string | null {
    return viewer && (viewer.id === user.id || viewer.isAdmin) ? user.email : null;
  }
}

/** The rest of this response is read by the user who just signed in (so they see their own email). */
function actAs(context: GraphQLContext, grant: accounts.SessionGrant): accounts.SessionGrant {
  context.user = grant.user;
  context.sessionToken = grant.token;
  context.roomViewer = createRoomViewer(context.services.db, grant.user);
  return grant;
}
