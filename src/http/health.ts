import { Router } from "express";
import type { Database } from "../db/database.js";

const READY_TIMEOUT_MS = 2_000;

/** /healthz: the process answers. /readyz: and the database does too. */
export function healthRouter(db: Database): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await withTimeout(db.ping(), READY_TIMEOUT_MS);
      res.json({ status: "ready", database: db.kind });
    } catch (error) {
      res.status(503).json({ status: "unavailable", database: db.kind, error: (error as Error).message });
    }
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
