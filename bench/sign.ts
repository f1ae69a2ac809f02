// The crypto floor: PermsTokenSigner.sign in-process, no HTTP, no database.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { PermsGrant, PermsTokenSigner } from "../src/tokens/perms-token.js";
import { summarize, type Summary } from "./stats.js";

async function phase(signer: PermsTokenSigner, grant: PermsGrant, count: number, concurrency: number, maxMs: number, latencies?: Float64Array) {
  let issued = 0;
  let done = 0;
  let truncated = false;
  const start = performance.now();
  const deadline = start + maxMs;
  const loop = async () => {
    while (issued < count) {
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      issued++;
      const t0 = performance.now();
      await signer.sign(grant);
      if (latencies) latencies[done] = performance.now() - t0;
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { done, truncated, wallMs: performance.now() - start };
}

/** `concurrency` signs in flight at once (jose signs through WebCrypto, which runs on libuv's thread pool). */
export async function benchSign(
  signer: PermsTokenSigner,
  options: { count: number; warmup: number; concurrency: number; maxMs: number },
): Promise<Summary> {
  const grant: PermsGrant = { subject: randomUUID(), roomSlug: "bench-room-x1y2z3", canModerate: false };
  const sample = await signer.sign(grant);
  const [header] = sample.token.split(".");
  const alg = (JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as { alg?: string }).alg;
  if (alg !== "RS512") throw new Error(`sign produced alg ${alg}, expected RS512`);
  await phase(signer, grant, options.warmup, options.concurrency, options.maxMs);
  const latencies = new Float64Array(options.count);
  const { done, truncated, wallMs } = await phase(signer, grant, options.count, options.concurrency, options.maxMs, latencies);
  return summarize(latencies.subarray(0, done), wallMs, 0, truncated);
}
