// One load cell: autocannon (as a library) against a GraphQL endpoint on loopback, every response
// body checked, so a server that refuses the load (GraphQL errors come back as HTTP 200) never
// looks fast.
import autocannon from "autocannon";

export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadCell {
  url: string;
  /** Sent in turn by every connection (autocannon's request list). */
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
  /** A good response body contains this and no `"errors"`. */
  expect: string;
}

export interface LoadResult {
  /** Good responses per second. */
  rps: number;
  good: number;
  /** Non-2xx responses, bodies with errors or without the expected text, socket errors, timeouts. */
  bad: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Durations of the 2xx responses (ms), ascending. */
  latenciesMs: number[];
}

export async function runLoad(cell: LoadCell): Promise<LoadResult> {
  assertLoopback(cell.url);
  const latencies: number[] = [];
  let good = 0;
  let bad = 0;
  const verify = (body: string | Buffer | undefined) => {
    const text = String(body ?? "");
    return text.includes(cell.expect) && !text.includes('"errors"');
  };
  let instance: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: cell.url,
        method: "POST",
        connections: cell.connections,
        duration: cell.durationSeconds,
        timeout: 10,
        requests: autocannonRequests(cell.requests),
        verifyBody: verify,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  // autocannon's own histogram keeps whole milliseconds; keep the exact duration of each good response.
  instance!.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await finished;
  // verifyBody failures are 2xx responses whose body was wrong: they are in `latencies` too, but few; subtract them from good.
  bad = result.non2xx + result.mismatches + result.errors; // errors include timeouts
  good = Math.max(0, latencies.length - result.mismatches);
  latencies.sort((a, b) => a - b);
  const seconds = result.duration || cell.durationSeconds;
  return { rps: good / seconds, good, bad, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), seconds, latenciesMs: latencies };
}

/**
 * One request is built once. Several (signed-in load over many users) are handed out in turn from
 * one cursor shared by every connection, each built as it is sent. A plain autocannon request list
 * would instead be built in full for every connection before the load starts (1,000 requests × 32
 * connections took ~350 ms, counted in autocannon's duration: a 0.7 s slice looked a third slower),
 * and every connection would walk the list from its start in step, so the first users would get
 * `connections` times their share and a per-user budget would refuse them.
 */
function autocannonRequests(requests: LoadRequest[]): autocannon.Request[] {
  const toRequest = (request: LoadRequest) => ({ method: "POST" as const, body: request.body, headers: { "content-type": "application/json", ...request.headers } });
  if (requests.length === 1) return [toRequest(requests[0]!)];
  const prepared = requests.map(toRequest);
  let next = 0;
  return [
    {
      method: "POST",
      setupRequest: (request) => {
        const chosen = prepared[next]!;
        next = (next + 1) % prepared.length;
        return { ...request, body: chosen.body, headers: { ...request.headers, ...chosen.headers } };
      },
    },
  ];
}

/** Several slices of the same cell as one result. */
export function mergeResults(results: LoadResult[]): LoadResult {
  const latenciesMs = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const good = results.reduce((sum, r) => sum + r.good, 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  return {
    rps: seconds > 0 ? good / seconds : 0,
    good,
    bad: results.reduce((sum, r) => sum + r.bad, 0),
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    seconds,
    latenciesMs,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) throw new Error(`bench only talks to the loopback interface, refusing ${host}`);
}
