// Expired sessions are useless rows: delete them on a timer, whether or not anyone signs in.
// Every instance sweeps; the DELETE is idempotent, so several instances sweeping is harmless.
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { deleteExpiredSessions } from "./accounts.service.js";

export interface SessionSweeper {
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export function startSessionSweeper(db: Database, intervalSeconds: number, logger: Logger): SessionSweeper {
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const deleted = await deleteExpiredSessions(db);
      if (deleted > 0) logger.info({ deleted }, "expired sessions deleted");
    } catch (error) {
      logger.warn({ err: error }, "could not delete expired sessions; trying again at the next interval");
    }
  };
  const scheduleSweep = () => {
    running = running.then(sweep);
  };
  // Once at start too: instances restarted more often than the interval would otherwise never sweep.
  scheduleSweep();
  // unref: the timer alone never keeps the process alive.
  const timer = setInterval(scheduleSweep, intervalSeconds * 1000).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
