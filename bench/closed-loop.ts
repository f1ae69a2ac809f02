// A bounded closed loop: `concurrency` workers issue `count` operations in all, each starting the
// next when the previous ends, and stop early at `maxMs` (reported as truncated).
import { performance } from "node:perf_hooks";

export interface ClosedLoopResult {
  /** Latencies (ms) of the operations that succeeded, in completion order. */
  latenciesMs: Float64Array;
  wallMs: number;
  errors: number;
  firstError: string | undefined;
  truncated: boolean;
}

/** `operation(worker)` resolves to undefined on success or to a description of what went wrong. */
export async function runClosedLoop(
  options: { count: number; concurrency: number; maxMs: number },
  operation: (worker: number) => Promise<string | undefined>,
): Promise<ClosedLoopResult> {
  const latencies = new Float64Array(options.count);
  let issued = 0;
  let succeeded = 0;
  let errors = 0;
  let firstError: string | undefined;
  let truncated = false;
  const start = performance.now();
  const deadline = start + options.maxMs;
  const worker = async (k: number) => {
    while (issued < options.count) {
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      issued++;
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        problem = await operation(k);
      } catch (error) {
        problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (problem) {
        errors++;
        firstError ??= problem;
      } else {
        latencies[succeeded++] = performance.now() - t0;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, k) => worker(k)));
  return { latenciesMs: latencies.slice(0, succeeded), wallMs: performance.now() - start, errors, firstError, truncated };
}
