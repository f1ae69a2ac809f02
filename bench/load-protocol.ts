// Messages between the main thread and the load-generator worker.
import type { ClosedLoopResult } from "./closed-loop.js";

export interface LoadJob {
  id: number;
  url: string;
  headers: Record<string, string>;
  /** Request bodies; concurrent loop k always sends bodies[k % bodies.length]. */
  bodies: string[];
  concurrency: number;
  warmup: number;
  count: number;
  /** Measured phase stops issuing new requests after this many ms (warm-up not included). */
  maxMs: number;
  /** A 200 response must contain this text and must not contain `"errors"`. */
  expect: string;
}

export interface LoadResult extends ClosedLoopResult {
  id: number;
}

export type LoadReply = { ok: true; result: LoadResult } | { ok: false; id: number; error: string };
