// npm run bench:keys: what one join token signature costs with each RSA key size keys:generate offers.
// One process, one signature at a time, so the figures are per core.
import { performance } from "node:perf_hooks";
import { generateKeyPair } from "../src/tokens/keys.js";
import { PermsTokenSigner } from "../src/tokens/perms-token.js";
import { table } from "./report.js";

const SIZES = [2048, 3072, 4096] as const;
const SECONDS_PER_SIZE = 3;

async function measure(bits: number): Promise<{ bits: number; perSecond: number; microseconds: number }> {
  const signer = new PermsTokenSigner(await generateKeyPair(bits), { audience: "webrtc_auth", issuer: "roomkey", ttlSeconds: 300 });
  const grant = { subject: "3f1c7a9e-0d52-4a8e-9b1e-7c2d5f6a8b90", roomSlug: "bench-room-x1y2z3", canModerate: false };
  for (let i = 0; i < 20; i++) await signer.sign(grant); // warm up jose's key cache and the JIT
  let count = 0;
  const start = performance.now();
  const end = start + SECONDS_PER_SIZE * 1000;
  while (performance.now() < end) {
    await signer.sign(grant);
    count++;
  }
  const elapsedMs = performance.now() - start;
  return { bits, perSecond: (count * 1000) / elapsedMs, microseconds: (elapsedMs * 1000) / count };
}

const rows = [];
for (const bits of SIZES) rows.push(await measure(bits));
const base = rows[0]!.perSecond;
console.log(
  table(
    ["key", "signatures/s (1 core)", "us per signature", "cost vs 2048"],
    rows.map((r) => [`RSA-${r.bits}`, r.perSecond.toFixed(0), r.microseconds.toFixed(0), `${(base / r.perSecond).toFixed(1)}x`]),
    [false, true, true, true],
  ),
);
