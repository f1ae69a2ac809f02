// Load generator, in a worker thread so the client does not share the server's event loop.
// Node fetch (undici) keeps connections alive per origin, so each concurrent loop reuses a socket.
import { parentPort } from "node:worker_threads";
import { runClosedLoop } from "./closed-loop.js";
import type { LoadJob, LoadReply, LoadResult } from "./load-protocol.js";

async function once(job: LoadJob, body: string): Promise<string | undefined> {
  const response = await fetch(job.url, { method: "POST", headers: job.headers, body });
  const text = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (text.includes('"errors"') || !text.includes(job.expect)) return `unexpected body: ${text.slice(0, 300)}`;
  return undefined;
}

function phase(job: LoadJob, count: number, maxMs: number): Promise<Omit<LoadResult, "id">> {
  return runClosedLoop({ count, concurrency: job.concurrency, maxMs }, (k) => once(job, job.bodies[k % job.bodies.length]!));
}

parentPort!.on("message", async (job: LoadJob) => {
  let reply: LoadReply;
  try {
    if (job.warmup > 0) {
      const warm = await phase(job, job.warmup, job.maxMs);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const result = await phase(job, job.count, job.maxMs);
    reply = { ok: true, result: { id: job.id, ...result } };
  } catch (error) {
    reply = { ok: false, id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
