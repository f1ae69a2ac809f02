// The crypto floor: PermsTokenSigner.sign in-process, no HTTP, no database.
import { randomUUID } from "node:crypto";
import type { PermsGrant, PermsTokenSigner } from "../src/tokens/perms-token.js";
import { runClosedLoop } from "./closed-loop.js";
import { summarize, type Summary } from "./stats.js";

function phase(signer: PermsTokenSigner, grant: PermsGrant, count: number, concurrency: number, maxMs: number) {
  return runClosedLoop({ count, concurrency, maxMs }, async () => {
    await signer.sign(grant);
    return undefined;
  });
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
  const { latenciesMs, truncated, wallMs } = await phase(signer, grant, options.count, options.concurrency, options.maxMs);
  return summarize(latenciesMs, wallMs, 0, truncated);
}
