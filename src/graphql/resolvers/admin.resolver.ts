import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import * as admin from "../../accounts/admin.service.js";
import type { EntryMode } from "../../rooms/room-role.js";
import { listRooms } from "../../rooms/room-listing.service.js";
import { DEFAULT_PAGE_SIZE } from "../../db/keyset-page.js";
import { RequiresScope } from "../access.js";
import { CURSOR_MAX_LENGTH, IdArg, SEARCH_MAX_LENGTH, TextArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { connectionType } from "../types/connection.type.js";
import { EntryModeEnum } from "../types/enums.js";
import { RoomType } from "../types/room.type.js";
import { UserType } from "../types/user.type.js";

const UserConnection = connectionType("User", UserType);
const RoomConnection = connectionType("Room", RoomType);
const PAGE_DESCRIPTION = "At most 100";

@Resolver()
export class AdminResolver {
  @RequiresScope("ADMIN")
  @Query(() => UserConnection, { description: "Admins only; search matches email or display name" })
  users(
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: PAGE_DESCRIPTION }) first: number | null,
    @TextArg("after", CURSOR_MAX_LENGTH, { nullable: true }) after: string | null,
    @TextArg("search", SEARCH_MAX_LENGTH, { nullable: true }) search: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    return admin.listUsers(context.services.db, requireUser(context), { first, after, search });
  }

  @RequiresScope("ROOMS_READ")
  @Query(() => RoomConnection, { description: "Admins only; search matches name or slug" })
  rooms(
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: PAGE_DESCRIPTION }) first: number | null,
    @TextArg("after", CURSOR_MAX_LENGTH, { nullable: true }) after: string | null,
    @TextArg("search", SEARCH_MAX_LENGTH, { nullable: true }) search: string | null,
    @IdArg("ownerId", { nullable: true }) ownerId: string | null,
    @Arg("entryMode", () => EntryModeEnum, { nullable: true }) entryMode: EntryMode | null,
    @Ctx() context: GraphQLContext,
  ) {
    return listRooms(context.services.db, requireUser(context), { first, after, search, ownerId, entryMode });
  }

  @RequiresScope("ADMIN")
  @Mutation(() => UserType, { description: "Admins only" })
  setUserAdmin(@IdArg("userId") userId: string, @Arg("isAdmin") isAdmin: boolean, @Ctx() context: GraphQLContext) {
    return admin.setUserAdmin(context.services.db, requireUser(context), userId, isAdmin);
  }
}
