import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { ApiScope } from "../../accounts/api-scopes.js";

export const ApiScopeEnum = {
  ROOMS_READ: "ROOMS_READ",
  ROOMS_WRITE: "ROOMS_WRITE",
  MODERATE: "MODERATE",
  JOIN_TOKENS: "JOIN_TOKENS",
  ADMIN: "ADMIN",
} as const satisfies Record<ApiScope, ApiScope>;

registerEnumType(ApiScopeEnum, {
  name: "ApiScope",
  valuesConfig: {
    ROOMS_READ: { description: "room, myRooms, rooms, members, bans, auditLog" },
    ROOMS_WRITE: { description: "createRoom, updateRoom, deleteRoom, setRoomRole" },
    MODERATE: { description: "kickUser, unbanUser" },
    JOIN_TOKENS: { description: "joinToken, jitsiAccess, videoroomAccess as the owner" },
    ADMIN: { description: "Admin-only operations (users, setUserAdmin), when the owner is an admin" },
  },
});

@ObjectType("ApiToken")
export class ApiTokenType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => [ApiScopeEnum])
  scopes: ApiScope[];

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Updated at most once a minute" })
  lastUsedAt: Date | null;
}

@ObjectType("CreatedApiToken")
export class CreatedApiTokenType {
  @Field({ description: "Shown this once; only its hash is stored. Send it as `Authorization: Bearer <secret>`. Starts with roomkey_" })
  secret: string;

  @Field(() => ApiTokenType)
  apiToken: ApiTokenType;
}
