import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { User } from "../accounts/user.entity.js";
import type { AuditAction } from "./audit-actions.js";

/**
 * One row of the append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE).
 * actor_id and target_user_id are plain ids, not foreign keys: a deleted account must neither take
 * its history with it nor be blocked by it. The room is kept as its slug text for the same reason.
 */
@Entity({ name: "audit_events" })
@Check("audit_events_action_check", `"action" IN ('ROOM_CREATED', 'ROOM_UPDATED', 'ROOM_DELETED', 'ROLE_CHANGED', 'USER_KICKED', 'USER_UNBANNED', 'API_TOKEN_CREATED', 'API_TOKEN_REVOKED', 'ADMIN_GRANTED', 'ADMIN_REVOKED', 'JANUS_TOKEN_ADDED', 'JANUS_TOKEN_REMOVED', 'MEDIA_TASK_RETRIED')`)
@Index("audit_events_created_at_id_idx", ["createdAt", "id"])
@Index("audit_events_room_slug_created_at_id_idx", ["roomSlug", "createdAt", "id"])
@Index("audit_events_actor_id_created_at_id_idx", ["actorId", "createdAt", "id"])
export class AuditEvent {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "audit_events_pkey" })
  id: string;

  @Column({ type: "varchar", length: 32 })
  action: AuditAction;

  /** Null: the command line or the deployment's configuration (ADMIN_EMAILS). */
  @Column({ name: "actor_id", type: "uuid", nullable: true })
  actorId: string | null;

  @Column({ name: "target_user_id", type: "uuid", nullable: true })
  targetUserId: string | null;

  @Column({ name: "room_slug", type: "varchar", length: 64, nullable: true })
  roomSlug: string | null;

  @Column({ type: "jsonb", nullable: true })
  details: object | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  /** Loaded with the listing; null once the account is gone. */
  actor?: User | null;
  targetUser?: User | null;
}
