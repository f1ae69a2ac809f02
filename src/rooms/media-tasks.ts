// The outbox of media-side work. A kick or role change records its task in its own transaction;
// the runner carries it out right after commit and, if the media server did not confirm, again
// with backoff until it does. Claiming pushes next_attempt_at forward (a lease) under
// FOR UPDATE SKIP LOCKED, so several instances on one PostgreSQL share the table without running a
// task twice at once, and a crash mid-task only delays it by the lease. After MEDIA_TASK_MAX_ATTEMPTS
// failures a task is marked failed and stays, for admins to see (mediaTasks) and retry.
import { IsNull, type EntityManager } from "typeorm";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { LiveSessionKicker } from "./live-sessions.js";
import { MediaTask, type MediaTaskKind, type MediaTaskPayload } from "./media-task.entity.js";

/** How long a claimed task is left to its runner before another may take it. */
const LEASE_SECONDS = 120;
/** A new task belongs to the request that recorded it (runNow); pollers take it only if that request died. */
const FIRST_RUN_GRACE_SECONDS = 30;
/** Tasks run per poll; each is claimed just before it runs, so its lease covers one task only. */
const BATCH = 20;

/** Records media-side work in the caller's transaction; returns its id for `runNow`. */
export async function recordMediaTask(manager: EntityManager, kind: MediaTaskKind, payload: MediaTaskPayload): Promise<string> {
  const result = await manager.insert(MediaTask, { kind, payload, nextAttemptAt: () => `now() + interval '${FIRST_RUN_GRACE_SECONDS} seconds'` });
  return String(result.identifiers[0]!.id);
}

interface ClaimedTask {
  id: string;
  kind: MediaTaskKind;
  payload: MediaTaskPayload;
  attempts: number;
}

const CLAIM_SQL = (filter: string) => `
  WITH claimed AS (
    UPDATE media_tasks SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE id IN (
      SELECT id FROM media_tasks WHERE ${filter}
      ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload, attempts)
  SELECT * FROM claimed`;

export class MediaTaskRunner {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly kicker: LiveSessionKicker,
    private readonly options: { pollMs: number; retryMaxSeconds: number; maxAttempts: number },
    private readonly logger: Pick<Logger, "warn" | "info" | "error">,
  ) {}

  /** Runs one recorded task now. Returns its result (sessions dropped), or null when it failed and was scheduled for retry. */
  async runNow(taskId: string): Promise<number | null> {
    // The change that recorded the task is committed: a failure here must not turn it into an error
    // answer. The task stays recorded and a poller runs it.
    try {
      const [task] = await this.claim("id = $1 AND attempts = 0", [taskId]);
      return task ? await this.execute(task) : null;
    } catch (error) {
      this.logger.warn({ task: taskId, error: error instanceof Error ? error.message : String(error) }, "media task: first run failed; a poller will retry");
      return null;
    }
  }

  /** Runs every due task once; returns how many completed. */
  async runDue(): Promise<number> {
    let completed = 0;
    for (let run = 0; run < BATCH; run++) {
      const [task] = await this.claim("next_attempt_at <= now()", []);
      if (!task) break;
      if ((await this.execute(task)) !== null) completed++;
    }
    return completed;
  }

  /** How many tasks are still to be carried out (not failed). */
  pending(): Promise<number> {
    return this.db.run((manager) => manager.countBy(MediaTask, { failedAt: IsNull() }));
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.polling ??= this.runDue()
        .catch((error: unknown) => this.logger.warn({ err: error }, "media tasks: polling failed"))
        .then(() => undefined)
        .finally(() => (this.polling = undefined));
    }, this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  private claim(filter: string, parameters: unknown[]): Promise<ClaimedTask[]> {
    return this.db.run((manager) => manager.query(CLAIM_SQL(filter), parameters));
  }

  private async execute(task: ClaimedTask): Promise<number | null> {
    try {
      const result = await this.perform(task);
      await this.db.run((manager) => manager.delete(MediaTask, { id: task.id }));
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const givesUp = task.attempts >= this.options.maxAttempts;
      const delaySeconds = Math.min(2 ** (task.attempts - 1), this.options.retryMaxSeconds);
      const details = { task: task.id, kind: task.kind, roomSlug: task.payload.roomSlug, attempts: task.attempts, error: message };
      if (givesUp) this.logger.error(details, "media task failed for the last time (MEDIA_TASK_MAX_ATTEMPTS); kept as failed for an admin to retry");
      else this.logger.warn({ ...details, retryInSeconds: delaySeconds }, "media task failed; will retry");
      await this.db.run((manager) =>
        manager.query(
          givesUp
            ? `UPDATE media_tasks SET failed_at = now(), next_attempt_at = 'infinity', last_error = $2 WHERE id = $1`
            : `UPDATE media_tasks SET next_attempt_at = now() + make_interval(secs => $3), last_error = $2 WHERE id = $1`,
          givesUp ? [task.id, message.slice(0, 500)] : [task.id, message.slice(0, 500), delaySeconds],
        ),
      );
      return null;
    }
  }

  private async perform({ kind, payload }: ClaimedTask): Promise<number> {
    const videoroom = payload.videoroom ?? null;
    if (kind === "kick") {
      return this.kicker.disconnect({ roomId: payload.roomId, roomSlug: payload.roomSlug, userId: payload.userId!, clientIds: payload.clientIds ?? [], videoroom });
    }
    await this.kicker.rolesChanged({ roomId: payload.roomId, userId: payload.userId, videoroom });
    return 0;
  }
}
