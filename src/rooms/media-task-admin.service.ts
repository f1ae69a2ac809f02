// What admins see of the media-side work outbox: the tasks still being retried and those that ran
// out of attempts (MEDIA_TASK_MAX_ATTEMPTS), and a retry for a failed one.
import { recordAudit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { keysetPage, type Page, type PageArgs } from "../db/keyset-page.js";
import { conflict, forbidden, notFound } from "../errors.js";
import { isUuid } from "../ids.js";
import { MediaTask } from "./media-task.entity.js";
import type { Actor } from "./rooms.service.js";

/** PENDING: still being carried out or retried. FAILED: out of attempts, kept until an admin retries it. */
export type MediaTaskState = "PENDING" | "FAILED";

/** Tasks in `state`, newest first. Admins only. */
export function listMediaTasks(db: Database, caller: Actor, args: PageArgs & { state: MediaTaskState }): Promise<Page<MediaTask>> {
  if (!caller.isAdmin) throw forbidden("Only admins can list media tasks");
  return db.run((manager) => {
    const query = manager.createQueryBuilder(MediaTask, "task").where(args.state === "FAILED" ? `"task"."failed_at" IS NOT NULL` : `"task"."failed_at" IS NULL`);
    return keysetPage(query, "task", args);
  });
}

/**
 * Puts a failed task back in the queue with a fresh set of attempts; the next poll (MEDIA_TASK_POLL_MS)
 * carries it out. Admins only; recorded in the audit log. Returns the task as it is now.
 */
export async function retryMediaTask(db: Database, caller: Actor, taskId: string): Promise<MediaTask> {
  if (!caller.isAdmin) throw forbidden("Only admins can retry media tasks");
  return db.transaction(async (manager) => {
    const task = isUuid(taskId) ? await manager.findOne(MediaTask, { where: { id: taskId }, lock: { mode: "pessimistic_write" } }) : null;
    if (!task) throw notFound("Media task");
    if (!task.failedAt) throw conflict("id", "This media task has not failed: it is still being carried out");
    await manager.update(MediaTask, { id: task.id }, { failedAt: null, attempts: 0, nextAttemptAt: () => "now()" });
    await recordAudit(manager, {
      action: "MEDIA_TASK_RETRIED",
      actorId: caller.id,
      roomSlug: task.payload.roomSlug,
      targetUserId: task.payload.userId,
      details: { taskId: task.id, kind: task.kind, attempts: task.attempts, lastError: task.lastError },
    });
    return manager.findOneByOrFail(MediaTask, { id: task.id });
  });
}
