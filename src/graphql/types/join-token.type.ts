import { Field, ObjectType } from "type-graphql";
import type { RoomRole } from "../../rooms/room-role.js";
import { RoomRoleEnum } from "./enums.js";

@ObjectType("PermsClaims", { description: "What the janus-plugin-sfu token says, decoded for the client's convenience" })
export class PermsClaimsType {
  @Field({ description: 'User id, or "anon"' })
  sub: string;

  @Field()
  joinHub: boolean;

  @Field()
  kickUsers: boolean;

  @Field(() => [String])
  roomIds: string[];

  @Field()
  aud: string;

  @Field({ description: "Issuer (iss)" })
  iss: string;

  @Field({ description: "Unique token id (jti)" })
  jti: string;

  @Field({ description: "Issued at (iat)" })
  issuedAt: Date;
}

@ObjectType("JoinToken")
export class JoinTokenType {
  @Field({ description: "RS512 JWT for janus-plugin-sfu (the naf-janus-adapter's setJoinToken)" })
  token: string;

  @Field({ description: "exp" })
  expiresAt: Date;

  @Field({ description: "When a client should fetch the next one (one minute before exp)" })
  refreshAt: Date;

  @Field(() => RoomRoleEnum, { nullable: true, description: "Null for anonymous" })
  role: RoomRole | null;

  @Field(() => PermsClaimsType)
  claims: PermsClaimsType;
}
