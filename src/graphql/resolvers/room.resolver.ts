import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { RequiresScope } from "../access.js";
import { getUser } from "../../accounts/accounts.service.js";
import * as rooms from "../../rooms/rooms.service.js";
import type { RoomRole } from "../../rooms/room-role.js";
import type { Room } from "../../rooms/room.entity.js";
import { IdArg, SlugArg } from "../args.js";
import { SpendsRoomCreation } from "../budgets.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { CreateRoomInput, UpdateRoomInput } from "../inputs.js";
import { RoomRoleEnum } from "../types/enums.js";
import { RoomBanType, RoomMemberType, RoomType } from "../types/room.type.js";
import { UserType } from "../types/user.type.js";

@Resolver(() => RoomType)
export class RoomResolver {
  @RequiresScope("ROOMS_READ")
  @Query(() => RoomType, { nullable: true, description: "Null when it does not exist" })
  room(@SlugArg("slug") slug: string, @Ctx() { services }: GraphQLContext): Promise<Room | null> {
    return rooms.findRoomBySlug(services.db, slug);
  }

  @RequiresScope("ROOMS_READ")
  @Query(() => [RoomType], { description: "Rooms the caller owns or holds a role in" })
  myRooms(@Ctx() context: GraphQLContext): Promise<Room[]> {
    return rooms.listRoomsForUser(context.services.db, requireUser(context).id);
  }

  @RequiresScope("ROOMS_WRITE")
  @Mutation(() => RoomType)
  @UseMiddleware(SpendsRoomCreation)
  createRoom(@Arg("input", () => CreateRoomInput) input: CreateRoomInput, @Ctx() context: GraphQLContext): Promise<Room> {
    return rooms.createRoom(context.services.db, requireUser(context), {
      name: input.name,
      slug: input.slug,
      description: input.description,
      entryMode: input.entryMode ?? undefined,
      allowAnonymous: input.allowAnonymous ?? undefined,
      defaultRole: input.defaultRole ?? undefined,
      videoroom: input.videoroom ?? false,
    });
  }

  @RequiresScope("ROOMS_WRITE")
  @Mutation(() => RoomType)
  updateRoom(
    @SlugArg("slug") slug: string,
    @Arg("input", () => UpdateRoomInput) input: UpdateRoomInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Room> {
    return rooms.updateRoom(context.services.db, context.services.mediaTasks, requireUser(context), slug, {
      name: input.name ?? undefined,
      description: input.description,
      entryMode: input.entryMode ?? undefined,
      allowAnonymous: input.allowAnonymous ?? undefined,
      defaultRole: input.defaultRole ?? undefined,
      videoroom: input.videoroom ?? undefined,
    });
  }

  @RequiresScope("ROOMS_WRITE")
  @Mutation(() => Boolean)
  deleteRoom(@SlugArg("slug") slug: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return rooms.deleteRoom(context.services.db, context.services.mediaTasks, requireUser(context), slug);
  }

  @RequiresScope("ROOMS_WRITE")
  @Mutation(() => RoomMemberType, { nullable: true, description: "role null = remove membership" })
  setRoomRole(
    @SlugArg("roomSlug") roomSlug: string,
    @IdArg("userId") userId: string,
    @Arg("role", () => RoomRoleEnum, { nullable: true }) role: RoomRole | null,
    @Ctx() context: GraphQLContext,
  ) {
    return rooms.setRoomRole(context.services.db, context.services.mediaTasks, requireUser(context), roomSlug, userId, role ?? null);
  }

  @FieldResolver(() => UserType)
  owner(@Root() room: Room, @Ctx() { services }: GraphQLContext) {
    return room.owner ?? getUser(services.db, room.ownerId);
  }

  @FieldResolver(() => Boolean, {
    description: "True when the room has a Janus VideoRoom (videoroomAccess); Janus then enforces publish rights from the roles and drops kicked users",
  })
  videoroom(@Root() room: Room): boolean {
    return room.videoroomId != null;
  }

  @FieldResolver(() => RoomRoleEnum, { nullable: true, description: "The caller's effective role; null if none" })
  myRole(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext): Promise<RoomRole | null> {
    return roomViewer.myRole(room);
  }

  @RequiresScope("ROOMS_READ")
  @FieldResolver(() => [RoomMemberType], {
    description: "Includes the owner (role OWNER); owner, moderators and admins see all; anyone else sees only their own membership",
  })
  members(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext) {
    return roomViewer.members(room);
  }

  @RequiresScope("ROOMS_READ")
  @FieldResolver(() => [RoomBanType], { description: "Owner, moderators and admins see all; anyone else gets an empty list" })
  bans(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext) {
    return roomViewer.bans(room);
  }
}
