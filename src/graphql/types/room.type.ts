import { Field, ID, Int, ObjectType } from "type-graphql";
import type { EntryMode, RoomRole } from "../../rooms/room-role.js";
import { EntryModeEnum, RoomRoleEnum } from "./enums.js";
import { UserType } from "./user.type.js";

@ObjectType("Room")
export class RoomType {
  @Field(() => ID)
  id: string;

  @Field({ description: "Immutable; the room id handed to media servers (room_ids); ^[a-z0-9][a-z0-9-]{2,63}$" })
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => EntryModeEnum)
  entryMode: EntryMode;

  @Field()
  allowAnonymous: boolean;

  @Field(() => RoomRoleEnum, { description: "Role of a signed-in non-member entering an OPEN room (PUBLISHER or SUBSCRIBER)" })
  defaultRole: RoomRole;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType("RoomMember")
export class RoomMemberType {
  @Field(() => UserType)
  user: UserType;

  @Field(() => RoomRoleEnum)
  role: RoomRole;

  @Field()
  createdAt: Date;
}

@ObjectType("RoomBan")
export class RoomBanType {
  @Field(() => UserType)
  user: UserType;

  @Field(() => UserType, { nullable: true, description: "Null once that account is deleted" })
  bannedBy: UserType | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType("KickResult")
export class KickResultType {
  @Field(() => UserType)
  user: UserType;

  @Field({ description: "A persisted ban now stops new tokens for this user in this room" })
  banned: boolean;

  @Field(() => Int, {
    description:
      "Live media sessions dropped now: Janus sessions destroyed plus janus-plugin-sfu kicks Janus accepted (that plugin cannot tell whether the user was there). " +
      "0 when no media server is configured or it is unreachable (the ban stands; the media-side work is retried until it succeeds)",
  })
  disconnected: number;
}
