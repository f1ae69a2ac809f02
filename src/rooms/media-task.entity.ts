import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * Media-side work recorded in the same transaction as the change that needs it (a kick, a role
 * change): the outbox. Carried out right after commit, then retried with backoff until the media
 * server confirms, so neither a media-server outage nor a roomkey restart loses it. A task that
 * runs out of attempts (MEDIA_TASK_MAX_ATTEMPTS) is kept, marked failed, for admins to see and retry.
 */
@Entity({ name: "media_tasks" })
@Index("media_tasks_created_at_id_idx", ["createdAt", "id"])
export class MediaTask {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "media_tasks_pkey" })
  id: string;

  @Column({ type: "varchar", length: 32 })
  kind: MediaTaskKind;

  /** What the task needs, captured when it was recorded (the room may be gone by the time it runs). */
  @Column({ type: "jsonb" })
  payload: MediaTaskPayload;

  @Column({ type: "integer", default: 0 })
  attempts: number;

  /** Due time; a worker that claims the task pushes it into the future (a lease), so one runs it at a time. */
  @Index("media_tasks_next_attempt_at_idx")
  @Column({ name: "next_attempt_at", type: "timestamptz", default: () => "now()" })
  nextAttemptAt: Date;

  @Column({ name: "last_error", type: "varchar", length: 500, nullable: true })
  lastError: string | null;

  /** Set when the task ran out of attempts; it is then no longer due (next_attempt_at is infinity). */
  @Column({ name: "failed_at", type: "timestamptz", nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}

export type MediaTaskKind = "kick" | "role-changed";

export interface MediaTaskPayload {
  roomId: string;
  roomSlug: string;
  /** The kicked user; for role changes the user whose role changed, or null for the whole room. */
  userId: string | null;
  /** SFU client ids the user recently joined with (kicks only). */
  clientIds?: string[];
  /** The room's VideoRoom when it had one. */
  videoroom?: { id: number; secret: string } | null;
}
