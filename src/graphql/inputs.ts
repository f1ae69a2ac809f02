import { IsEmail, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import type { ApiScope } from "../accounts/api-scopes.js";
import { API_TOKEN_NAME_MAX } from "../accounts/api-tokens.service.js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../accounts/passwords.js";
import { ROOM_DESCRIPTION_MAX, ROOM_NAME_MAX } from "../rooms/room-limits.js";
import type { EntryMode, RoomRole } from "../rooms/room-role.js";
import { SLUG_PATTERN } from "../rooms/slug.js";
import { ApiScopeEnum } from "./types/api-token.type.js";
import { EntryModeEnum, RoomRoleEnum } from "./types/enums.js";

export const DISPLAY_NAME_MAX = 80;
export const EMAIL_MAX = 254;
const notBlank = /\S/;

/** PostgreSQL cannot store NUL in text; refused up front so it is BAD_USER_INPUT, not an internal error. */
const NoNul = () => Matches(/^[^\u0000]*$/, { message: "$property must not contain NUL characters" });

@InputType()
export class RegisterInput {
  @Field()
  @MaxLength(EMAIL_MAX)
  @IsEmail({}, { message: "email must be a valid email address" })
  @NoNul()
  email: string;

  @Field()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long` })
  @NoNul()
  password: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(DISPLAY_NAME_MAX)
  @NoNul()
  displayName?: string | null;
}

@InputType()
export class LogInInput {
  @Field()
  @Length(1, EMAIL_MAX)
  @NoNul()
  email: string;

  @Field()
  @Length(1, PASSWORD_MAX_LENGTH)
  @NoNul()
  password: string;
}

@InputType()
export class CreateRoomInput {
  @Field()
  @Length(1, ROOM_NAME_MAX)
  @Matches(notBlank, { message: "name must not be blank" })
  @NoNul()
  name: string;

  @Field(() => String, { nullable: true, description: "Generated from the name plus a short random suffix when absent" })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: "slug must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit" })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(ROOM_DESCRIPTION_MAX)
  @NoNul()
  description?: string | null;

  // Nullable with defaults, as in the contract: an explicit null means "the default".
  @Field(() => EntryModeEnum, { nullable: true, defaultValue: "OPEN" })
  entryMode?: EntryMode | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  allowAnonymous?: boolean | null;

  @Field(() => RoomRoleEnum, { nullable: true, defaultValue: "PUBLISHER" })
  defaultRole?: RoomRole | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Give the room a Janus VideoRoom (created in Janus on the first videoroomAccess)" })
  videoroom?: boolean | null;
}

@InputType()
export class UpdateRoomInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, ROOM_NAME_MAX)
  @Matches(notBlank, { message: "name must not be blank" })
  @NoNul()
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(ROOM_DESCRIPTION_MAX)
  @NoNul()
  description?: string | null;

  @Field(() => EntryModeEnum, { nullable: true })
  entryMode?: EntryMode | null;

  @Field(() => Boolean, { nullable: true })
  allowAnonymous?: boolean | null;

  @Field(() => RoomRoleEnum, { nullable: true })
  defaultRole?: RoomRole | null;

  @Field(() => Boolean, { nullable: true, description: "true adds a Janus VideoRoom; false removes it (roomkey destroys it in Janus and revokes its tokens)" })
  videoroom?: boolean | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field()
  @Length(1, API_TOKEN_NAME_MAX)
  @Matches(notBlank, { message: "name must not be blank" })
  @NoNul()
  name: string;

  @Field(() => [ApiScopeEnum])
  scopes: ApiScope[];

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}
