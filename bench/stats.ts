// Latency summaries shared by the in-process and HTTP measurements.

export interface Summary {
  /** Completed operations that were measured. */
  count: number;
  errors: number;
  wallMs: number;
  /** Operations per second over the measured wall time. */
  opsPerSec: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** True when the time cap stopped the run before the planned count. */
  truncated: boolean;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(latenciesMs: Float64Array, wallMs: number, errors: number, truncated: boolean): Summary {
  const sorted = Float64Array.from(latenciesMs).sort();
  let total = 0;
  for (const value of sorted) total += value;
  const count = sorted.length;
  return {
    count,
    errors,
    wallMs,
    opsPerSec: wallMs > 0 ? (count * 1000) / wallMs : 0,
    meanMs: count ? total / count : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: count ? sorted[count - 1]! : Number.NaN,
    truncated,
  };
}
