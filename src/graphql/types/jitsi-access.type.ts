import { Field, ObjectType } from "type-graphql";
import type { RoomRole } from "../../rooms/room-role.js";
import { RoomRoleEnum } from "./enums.js";

@ObjectType("JitsiAccess", { description: "Jitsi Meet credentials for a room: the Prosody token-plugin password and a Jitsi JWT" })
export class JitsiAccessType {
  @Field({ description: "The Jitsi room name: the slug with '-' written as 'qd' and 'q' as 'qq' (alphanumeric, as the token plugin needs)" })
  roomName: string;

  @Field(() => RoomRoleEnum, { nullable: true, description: "Null for anonymous" })
  role: RoomRole | null;

  @Field({ description: "True for OWNER and MODERATOR (context.user.moderator in the JWT)" })
  moderator: boolean;

  @Field({ description: "Token plugin SASL PLAIN password: <token>_<roomName>_<ts>" })
  password: string;

  @Field({ description: "Token plugin token: hex(sha256(roomName + ts + appId + appSecret))" })
  token: string;

  @Field({ description: "Issue time in UTC milliseconds, as a string" })
  ts: string;

  @Field({ description: "When the token plugin stops accepting the password (ts + token_lifetime)" })
  expiresAt: Date;

  @Field({ description: "Jitsi JWT (HS256 with the app secret)" })
  jwt: string;

  @Field()
  jwtExpiresAt: Date;

  @Field({ description: "https://<domain>/<roomName>?jwt=<jwt>" })
  meetingUrl: string;
}
