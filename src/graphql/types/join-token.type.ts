import { Field, ObjectType } from "type-graphql";
import type { RoomRole } from "../../rooms/room-role.js";
import type { SignedPermsToken } from "../../tokens/perms-token.js";
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

/** A signed PermsToken as the API shows it: the JWT plus its claims decoded for the client. */
export function toJoinTokenType(signed: SignedPermsToken, role: RoomRole | null): JoinTokenType {
  const { claims } = signed;
  return {
    token: signed.token,
    expiresAt: signed.expiresAt,
    refreshAt: signed.refreshAt,
    role,
    claims: {
      sub: claims.sub,
      joinHub: claims.join_hub,
      kickUsers: claims.kick_users,
      roomIds: claims.room_ids,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      issuedAt: new Date(claims.iat * 1000),
    },
  };
}
