import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { getUser } from "../../accounts/accounts.service.js";
import * as rooms from "../../rooms/rooms.service.js";
import type { RoomRole } from "../../rooms/room-role.js";
import type { Room } from "../../rooms/room.entity.js";
import { IdArg, SlugArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { CreateRoomInput, UpdateRoomInput } from "../inputs.js";
import { RoomRoleEnum } from "../types/enums.js";
import { RoomBanType, RoomMemberType, RoomType } from "../types/room.type.js";
import { UserType } from "../types/user.type.js";

@Resolver(() => RoomType)
export class RoomResolver {
  @Query(() => RoomType, { nullable: true, description: "Null when it does not exist" })
  room(@SlugArg("slug") slug: string, @Ctx() { services }: GraphQLContext): Promise<Room | null> {
    return rooms.findRoomBySlug(services.db, slug);
  }

  @Query(() => [RoomType], { description: "Rooms the caller owns or holds a role in" })
  myRooms(@Ctx() context: GraphQLContext): Promise<Room[]> {
    return rooms.listRoomsForUser(context.services.db, requireUser(context).id);
  }

  @Mutation(() => RoomType)
  createRoom(@Arg("input", () => CreateRoomInput) input: CreateRoomInput, @Ctx() context: GraphQLContext): Promise<Room> {
    return rooms.createRoom(context.services.db, requireUser(context), {
      name: input.name,
      slug: input.slug,
      description: input.description,
      entryMode: input.entryMode ?? undefined,
      allowAnonymous: input.allowAnonymous ?? undefined,
      defaultRole: input.defaultRole ?? undefined,
    });
  }

  @Mutation(() => RoomType)
  updateRoom(
    @SlugArg("slug") slug: string,
    @Arg("input", () => UpdateRoomInput) input: UpdateRoomInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Room> {
    return rooms.updateRoom(context.services.db, requireUser(context), slug, {
      name: input.name ?? undefined,
      description: input.description,
      entryMode: input.entryMode ?? undefined,
      allowAnonymous: input.allowAnonymous ?? undefined,
      defaultRole: input.defaultRole ?? undefined,
    });
  }

  @Mutation(() => Boolean)
  deleteRoom(@SlugArg("slug") slug: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return rooms.deleteRoom(context.services.db, requireUser(context), slug);
  }

  @Mutation(() => RoomMemberType, { nullable: true, description: "role null = remove membership" })
  setRoomRole(
    @SlugArg("roomSlug") roomSlug: string,
    @IdArg("userId") userId: string,
    @Arg("role", () => RoomRoleEnum, { nullable: true }) role: RoomRole | null,
    @Ctx() context: GraphQLContext,
  ) {
    return rooms.setRoomRole(context.services.db, requireUser(context), roomSlug, userId, role ?? null);
  }

  @FieldResolver(() => UserType)
  owner(@Root() room: Room, @Ctx() { services }: GraphQLContext) {
    return room.owner ?? getUser(services.db, room.ownerId);
  }

  @FieldResolver(() => RoomRoleEnum, { nullable: true, description: "The caller's effective role; null if none" })
  myRole(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext): Promise<RoomRole | null> {
    return roomViewer.myRole(room);
  }

  @FieldResolver(() => [RoomMemberType], {
    description: "Includes the owner (role OWNER); owner, moderators and admins see all; anyone else sees only their own membership",
  })
  members(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext) {
    return roomViewer.members(room);
  }

  @FieldResolver(() => [RoomBanType], { description: "Owner, moderators and admins see all; anyone else gets an empty list" })
  bans(@Root() room: Room, @Ctx() { roomViewer }: GraphQLContext) {
    return roomViewer.bans(room);
  }
}
