// Messages between the main thread and the load-generator worker.

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

export interface LoadResult {
  id: number;
  latenciesMs: Float64Array;
  wallMs: number;
  errors: number;
  firstError: string | undefined;
  truncated: boolean;
}

export type LoadReply = { ok: true; result: LoadResult } | { ok: false; id: number; error: string };
