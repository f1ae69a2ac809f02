import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { AuditAction } from "../../audit/audit-actions.js";
import { UserType } from "./user.type.js";

export const AuditActionEnum = {
  ROOM_CREATED: "ROOM_CREATED",
  ROOM_UPDATED: "ROOM_UPDATED",
  ROOM_DELETED: "ROOM_DELETED",
  ROLE_CHANGED: "ROLE_CHANGED",
  USER_KICKED: "USER_KICKED",
  USER_UNBANNED: "USER_UNBANNED",
  API_TOKEN_CREATED: "API_TOKEN_CREATED",
  API_TOKEN_REVOKED: "API_TOKEN_REVOKED",
  ADMIN_GRANTED: "ADMIN_GRANTED",
  ADMIN_REVOKED: "ADMIN_REVOKED",
  JANUS_TOKEN_ADDED: "JANUS_TOKEN_ADDED",
  JANUS_TOKEN_REMOVED: "JANUS_TOKEN_REMOVED",
  MEDIA_TASK_RETRIED: "MEDIA_TASK_RETRIED",
} as const satisfies Record<AuditAction, AuditAction>;

registerEnumType(AuditActionEnum, { name: "AuditAction" });

@ObjectType("AuditEvent")
export class AuditEventType {
  @Field(() => ID)
  id: string;

  @Field(() => AuditActionEnum)
  action: AuditAction;

  @Field(() => UserType, { nullable: true, description: "Null for the command line, ADMIN_EMAILS or a deleted account" })
  actor: UserType | null;

  @Field(() => String, { nullable: true, description: "Kept after the room is deleted" })
  roomSlug: string | null;

  @Field(() => UserType, { nullable: true })
  targetUser: UserType | null;
}
