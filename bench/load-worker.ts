// Load generator, in a worker thread so the client does not share the server's event loop.
// Node fetch (undici) keeps connections alive per origin, so each concurrent loop reuses a socket.
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import type { LoadJob, LoadReply, LoadResult } from "./load-protocol.js";

async function once(job: LoadJob, body: string): Promise<string | undefined> {
  const response = await fetch(job.url, { method: "POST", headers: job.headers, body });
  const text = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (text.includes('"errors"') || !text.includes(job.expect)) return `unexpected body: ${text.slice(0, 300)}`;
  return undefined;
}

async function phase(job: LoadJob, count: number, maxMs: number, record: boolean): Promise<Omit<LoadResult, "id">> {
  const latencies = new Float64Array(count);
  let issued = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  let truncated = false;
  const start = performance.now();
  const deadline = start + maxMs;
  const loop = async (k: number) => {
    const body = job.bodies[k % job.bodies.length]!;
    while (issued < count) {
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      issued++;
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        problem = await once(job, body);
      } catch (error) {
        problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      const elapsed = performance.now() - t0;
      if (problem) {
        errors++;
        firstError ??= problem;
      } else if (record) {
        latencies[done++] = elapsed;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, k) => loop(k)));
  const wallMs = performance.now() - start;
  return { latenciesMs: latencies.slice(0, done), wallMs, errors, firstError, truncated };
}

parentPort!.on("message", async (job: LoadJob) => {
  let reply: LoadReply;
  try {
    if (job.warmup > 0) {
      const warm = await phase(job, job.warmup, job.maxMs, false);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const result = await phase(job, job.count, job.maxMs, true);
    reply = { ok: true, result: { id: job.id, ...result } };
  } catch (error) {
    reply = { ok: false, id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
