import { Router } from "express";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";

const READY_TIMEOUT_MS = 2_000;

type Logger = { warn: (obj: object, msg: string) => void };

/** Why the database check failed, in words safe for anyone who can reach /readyz. */
export type CheckFailure = "timeout" | "unavailable" | "error";

/**
 * /healthz: the process answers. /readyz: and the database does too, and no shutdown has begun; a
 * failure names the check and a reason class, never the raw error (it may name hosts, users or
 * databases), which is logged instead.
 */
export function healthRouter(db: Database, options: { logger?: Logger; isDraining?: () => boolean } = {}): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    if (options.isDraining?.()) {
      res.status(503).json({ status: "unavailable", database: db.kind, failed: [{ check: "shutdown", reason: "draining" }] });
      return;
    }
    try {
      await withTimeout(db.ping(), READY_TIMEOUT_MS);
      res.json({ status: "ready", database: db.kind });
    } catch (error) {
      const reason = failureReason(error);
      options.logger?.warn({ check: "database", reason, err: { code: (error as { code?: unknown }).code, message: (error as Error).message } }, "readiness check failed");
      res.status(503).json({ status: "unavailable", database: db.kind, failed: [{ check: "database", reason }] });
    }
  });
  return router;
}

class CheckTimeout extends Error {}

function failureReason(error: unknown): CheckFailure {
  if (error instanceof CheckTimeout) return "timeout";
  // Database turns "down, restarting, refusing connections" into UPSTREAM_UNAVAILABLE.
  if (error instanceof DomainError && error.code === "UPSTREAM_UNAVAILABLE") return "unavailable";
  return "error";
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
