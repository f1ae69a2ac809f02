import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { MediaTask, MediaTaskKind } from "../../rooms/media-task.entity.js";
import type { MediaTaskState } from "../../rooms/media-task-admin.service.js";

export const MediaTaskKindEnum = { KICK: "kick", ROLE_CHANGED: "role-changed" } as const satisfies Record<string, MediaTaskKind>;
registerEnumType(MediaTaskKindEnum, { name: "MediaTaskKind", description: "KICK: drop a kicked user's live media sessions. ROLE_CHANGED: bring the media server's rights in line with a role change" });

export const MediaTaskStateEnum = { PENDING: "PENDING", FAILED: "FAILED" } as const satisfies Record<MediaTaskState, MediaTaskState>;
registerEnumType(MediaTaskStateEnum, {
  name: "MediaTaskState",
  description: "PENDING: being carried out or retried. FAILED: ran out of attempts (MEDIA_TASK_MAX_ATTEMPTS); kept until retried",
});

@ObjectType("MediaTask", { description: "Media-side work of a kick or role change, recorded with the change and retried until the media server confirms" })
export class MediaTaskType {
  @Field(() => ID)
  id: string;

  @Field(() => MediaTaskKindEnum)
  kind: MediaTaskKind;

  @Field(() => MediaTaskStateEnum)
  state: MediaTaskState;

  @Field({ description: "The room's slug when the task was recorded (the room may be gone)" })
  roomSlug: string;

  @Field(() => ID, { nullable: true, description: "The kicked user, or the user whose role changed; null for a change to the whole room" })
  userId: string | null;

  @Field(() => Int, { description: "Attempts since it was recorded or last retried" })
  attempts: number;

  @Field(() => String, { nullable: true, description: "The last attempt's error" })
  lastError: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "When it is next tried; null once it has failed" })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt: Date | null;
}

export function toMediaTaskType(task: MediaTask): MediaTaskType {
  return {
    id: task.id,
    kind: task.kind,
    state: task.failedAt ? "FAILED" : "PENDING",
    roomSlug: task.payload.roomSlug,
    userId: task.payload.userId,
    attempts: task.attempts,
    lastError: task.lastError,
    createdAt: task.createdAt,
    nextAttemptAt: task.failedAt ? null : task.nextAttemptAt,
    failedAt: task.failedAt,
  };
}
