import { describe, it, expect, jest, beforeEach, afterEach } from "@jest/globals";
import {
  createJoinTokenRefresher,
  decodeJwtExpiry,
  type JoinTokenRefresherOptions,
  type TokenLike,
} from "../../src/client/join-token-refresher.js";

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** An unsigned JWT; the refresher never verifies signatures, it only reads `exp`. */
function unsignedJwt(payload: Record<string, unknown>): string {
  return `${base64url({ alg: "RS512", typ: "JWT" })}.${base64url(payload)}.`;
}

function jwtExpiringAt(epochMs: number): string {
  return unsignedJwt({ sub: "client-1", exp: Math.floor(epochMs / 1000) });
}

/** fetchToken stand-in that records when it was called and replays queued outcomes. */
function scriptedFetch(outcomes: Array<TokenLike | Error | (() => TokenLike | Error)>) {
  const calledAt: number[] = [];
  const fetchToken = jest.fn(async (): Promise<TokenLike> => {
    calledAt.push(Date.now());
    const next = outcomes.shift();
    if (next === undefined) throw new Error("no scripted outcome left");
    const outcome = typeof next === "function" ? next() : next;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  /** Milliseconds between consecutive fetch attempts. */
  const gaps = () => calledAt.slice(1).map((at, i) => at - calledAt[i]);
  return { fetchToken, calledAt, gaps };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function makeRefresher(overrides: Partial<JoinTokenRefresherOptions> & Pick<JoinTokenRefresherOptions, "fetchToken">) {
  const onToken = jest.fn<JoinTokenRefresherOptions["onToken"]>();
  const onError = jest.fn<NonNullable<JoinTokenRefresherOptions["onError"]>>();
  const refresher = createJoinTokenRefresher({
    onToken,
    onError,
    retry: { jitter: 0 },
    ...overrides,
  });
  return { refresher, onToken, onError };
}

const failure = (message = "network down") => new Error(message);

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe("JoinTokenRefresher", () => {
  it("delivers the first token immediately on start", async () => {
    const token = jwtExpiringAt(T0 + 10 * MINUTE);
    const { fetchToken } = scriptedFetch([
      { token, refreshAt: new Date(T0 + 8 * MINUTE).toISOString(), expiresAt: new Date(T0 + 10 * MINUTE).toISOString() },
    ]);
    const { refresher, onToken } = makeRefresher({ fetchToken });

    await refresher.start();

    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(onToken).toHaveBeenCalledWith(token, {
      refreshAt: new Date(T0 + 8 * MINUTE),
      expiresAt: new Date(T0 + 10 * MINUTE),
    });
    expect(refresher.state).toBe("running");
    expect(refresher.isRunning).toBe(true);
    expect(refresher.token).toBe(token);
    refresher.stop();
  });

  it("schedules the next fetch at the server's refreshAt", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      { token: "first", refreshAt: new Date(T0 + 10 * MINUTE).toISOString() },
      { token: "second", refreshAt: new Date(T0 + 20 * MINUTE).toISOString() },
    ]);
    const { refresher, onToken } = makeRefresher({ fetchToken });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(10 * MINUTE - 1);
    expect(fetchToken).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(calledAt).toEqual([T0, T0 + 10 * MINUTE]);
    expect(onToken).toHaveBeenLastCalledWith("second", { refreshAt: new Date(T0 + 20 * MINUTE) });
    refresher.stop();
  });

  it("falls back to exp − 60 s from the JWT when only the raw token is given", async () => {
    const expiresAt = T0 + 5 * MINUTE;
    const { fetchToken, calledAt } = scriptedFetch([jwtExpiringAt(expiresAt), jwtExpiringAt(expiresAt + 5 * MINUTE)]);
    const { refresher, onToken } = makeRefresher({ fetchToken });

    await refresher.start();
    expect(onToken).toHaveBeenCalledWith(expect.any(String), {
      refreshAt: new Date(expiresAt - MINUTE),
      expiresAt: new Date(expiresAt),
    });

    await jest.advanceTimersByTimeAsync(4 * MINUTE);
    expect(calledAt).toEqual([T0, T0 + 4 * MINUTE]);
    refresher.stop();
  });

  it("honours refreshBeforeExpirySeconds and a server expiresAt when refreshAt is missing", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      { token: "opaque", expiresAt: new Date(T0 + 5 * MINUTE).toISOString() },
      { token: "opaque-2", expiresAt: new Date(T0 + 10 * MINUTE).toISOString() },
    ]);
    const { refresher } = makeRefresher({ fetchToken, refreshBeforeExpirySeconds: 90 });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(5 * MINUTE);

    expect(calledAt).toEqual([T0, T0 + 5 * MINUTE - 90 * SECOND]);
    refresher.stop();
  });

  it("waits at least minDelayMs when the token is already due for refresh", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      jwtExpiringAt(T0 + 10 * SECOND), // exp − 60 s lies in the past
      { token: "stale", refreshAt: T0 - MINUTE },
      { token: "fresh", refreshAt: T0 + 60 * MINUTE },
    ]);
    const { refresher } = makeRefresher({ fetchToken, minDelayMs: 5000 });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(4999);
    expect(fetchToken).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(10 * SECOND);
    expect(calledAt).toEqual([T0, T0 + 5000, T0 + 10_000]);
    refresher.stop();
  });

  it("retries with exponential backoff capped at maxDelayMs", async () => {
    const { fetchToken, gaps } = scriptedFetch([
      failure(),
      failure(),
      failure(),
      failure(),
      failure(),
      failure(),
      { token: "finally", refreshAt: T0 + 24 * 60 * MINUTE },
    ]);
    const { refresher, onToken, onError } = makeRefresher({
      fetchToken,
      retry: { initialDelayMs: 1000, factor: 2, maxDelayMs: 8000, jitter: 0 },
    });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(MINUTE);

    expect(gaps()).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(onError.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(onError.mock.calls[0][0]).toEqual(failure());
    expect(onToken).toHaveBeenCalledWith("finally", expect.anything());
    refresher.stop();
  });

  it("resets the backoff after a successful fetch", async () => {
    const { fetchToken, gaps } = scriptedFetch([
      failure(),
      failure(),
      { token: "ok", refreshAt: T0 + 3000 + MINUTE },
      failure(),
      { token: "ok-again", refreshAt: T0 + 60 * MINUTE },
    ]);
    const { refresher, onError } = makeRefresher({ fetchToken });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(2 * MINUTE);

    // Failures at 0 and 1 s; success at 3 s; the next failure retries after 1 s again, not 4 s.
    expect(gaps()).toEqual([1000, 2000, MINUTE, 1000]);
    expect(onError.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2, 1]);
    refresher.stop();
  });

  it("spreads retry delays by the configured jitter", async () => {
    const randoms = [0, 0.5, 0.75];
    const { fetchToken, gaps } = scriptedFetch([
      failure(),
      failure(),
      failure(),
      { token: "ok", refreshAt: T0 + 60 * MINUTE },
    ]);
    const { refresher } = makeRefresher({
      fetchToken,
      retry: { initialDelayMs: 1000, factor: 2, jitter: 0.2, random: () => randoms.shift() ?? 0.5 },
    });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(MINUTE);

    // 1000 × 0.8, 2000 × 1.0, 4000 × 1.1
    expect(gaps()).toEqual([800, 2000, 4400]);
    refresher.stop();
  });

  it("keeps retrying after the current token has expired", async () => {
    const expiresAt = T0 + 2 * MINUTE;
    const outcomes: Array<TokenLike | Error> = [jwtExpiringAt(expiresAt)];
    for (let i = 0; i < 50; i++) outcomes.push(failure());
    const { fetchToken, calledAt } = scriptedFetch(outcomes);
    const { refresher, onError } = makeRefresher({ fetchToken, retry: { maxDelayMs: 30_000, jitter: 0 } });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(10 * MINUTE);

    expect(calledAt.filter((at) => at > expiresAt).length).toBeGreaterThan(10);
    expect(refresher.isRunning).toBe(true);
    expect(onError.mock.calls.at(-1)?.[1]).toBe(calledAt.length - 1);
    refresher.stop();
  });

  it("stop() cancels the scheduled refresh", async () => {
    const { fetchToken } = scriptedFetch([{ token: "only", refreshAt: T0 + MINUTE }]);
    const { refresher } = makeRefresher({ fetchToken });

    await refresher.start();
    expect(jest.getTimerCount()).toBe(1);
    refresher.stop();

    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(refresher.state).toBe("stopped");
    expect(refresher.isRunning).toBe(false);
  });

  it("stop() cancels a pending retry", async () => {
    const { fetchToken } = scriptedFetch([failure(), "never-used"]);
    const { refresher, onError } = makeRefresher({ fetchToken });

    await refresher.start();
    refresher.stop();
    await jest.advanceTimersByTimeAsync(MINUTE);

    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("stop() suppresses onToken for a fetch that was already in flight", async () => {
    const pending = deferred<TokenLike>();
    const fetchToken = jest.fn(() => pending.promise);
    const { refresher, onToken, onError } = makeRefresher({ fetchToken });

    const started = refresher.start();
    refresher.stop();
    pending.resolve({ token: "late", refreshAt: T0 + MINUTE });
    await started;
    await jest.advanceTimersByTimeAsync(10 * MINUTE);

    expect(onToken).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(refresher.token).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("refreshNow() fetches immediately and replaces the pending schedule", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      { token: "a", refreshAt: T0 + 10 * MINUTE },
      { token: "b", refreshAt: T0 + 15 * MINUTE },
      { token: "c", refreshAt: T0 + 60 * MINUTE },
    ]);
    const { refresher, onToken } = makeRefresher({ fetchToken });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(MINUTE);
    await refresher.refreshNow();
    expect(onToken).toHaveBeenLastCalledWith("b", expect.anything());

    await jest.advanceTimersByTimeAsync(10 * MINUTE); // past the old 10-minute schedule
    expect(calledAt).toEqual([T0, T0 + MINUTE]);

    await jest.advanceTimersByTimeAsync(4 * MINUTE);
    expect(calledAt).toEqual([T0, T0 + MINUTE, T0 + 15 * MINUTE]);
    expect(jest.getTimerCount()).toBe(1);
    refresher.stop();
  });

  it("refreshNow() wins over an older fetch still in flight", async () => {
    const slow = deferred<TokenLike>();
    const fetchToken = jest
      .fn<() => Promise<TokenLike>>()
      .mockImplementationOnce(() => slow.promise)
      .mockResolvedValueOnce({ token: "new", refreshAt: T0 + MINUTE });
    const { refresher, onToken } = makeRefresher({ fetchToken });

    const started = refresher.start();
    await refresher.refreshNow();
    slow.resolve({ token: "old", refreshAt: T0 + 10 * SECOND });
    await started;

    expect(onToken.mock.calls.map(([token]) => token)).toEqual(["new"]);
    expect(refresher.token).toBe("new");
    refresher.stop();
  });

  it("reports malformed tokens to onError and retries", async () => {
    const good = jwtExpiringAt(T0 + 10 * MINUTE);
    const { fetchToken, gaps } = scriptedFetch([
      "not-a-jwt",
      { token: "" },
      { token: "opaque", refreshAt: "soon" },
      good,
    ]);
    const { refresher, onToken, onError } = makeRefresher({ fetchToken });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(10 * SECOND);

    expect(onError.mock.calls.map(([error, attempt]) => [(error as Error).message, attempt])).toEqual([
      ["join token has no refreshAt and no readable exp claim", 1],
      ["fetchToken returned no token", 2],
      ["join token has an invalid refreshAt: soon", 3],
    ]);
    expect(gaps()).toEqual([1000, 2000, 4000]);
    expect(onToken).toHaveBeenCalledTimes(1);
    expect(onToken).toHaveBeenCalledWith(good, expect.anything());
    refresher.stop();
  });

  it("treats a rejecting onToken as a failed attempt and survives a throwing onError", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      { token: "a", refreshAt: T0 + MINUTE },
      { token: "b", refreshAt: T0 + 60 * MINUTE },
    ]);
    const onToken = jest
      .fn<JoinTokenRefresherOptions["onToken"]>()
      .mockRejectedValueOnce(new Error("adapter not ready"))
      .mockResolvedValue(undefined);
    const onError = jest.fn(() => {
      throw new Error("broken error handler");
    });
    const { refresher } = makeRefresher({ fetchToken, onToken, onError });

    await expect(refresher.start()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(1000);

    expect(onError).toHaveBeenCalledTimes(1);
    expect(calledAt).toEqual([T0, T0 + 1000]);
    expect(onToken).toHaveBeenLastCalledWith("b", expect.anything());
    refresher.stop();
  });

  it("ignores start() while running and refreshNow() while not running", async () => {
    const { fetchToken } = scriptedFetch([
      { token: "a", refreshAt: T0 + MINUTE },
      { token: "b", refreshAt: T0 + MINUTE },
    ]);
    const { refresher } = makeRefresher({ fetchToken });

    await refresher.refreshNow();
    expect(fetchToken).not.toHaveBeenCalled();

    await refresher.start();
    await refresher.start();
    expect(fetchToken).toHaveBeenCalledTimes(1);

    refresher.stop();
    await refresher.refreshNow();
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it("uses the injected clock to compute delays", async () => {
    const { fetchToken, calledAt } = scriptedFetch([
      { token: "a", refreshAt: T0 + 10 * MINUTE },
      { token: "b", refreshAt: T0 + 60 * MINUTE },
    ]);
    // The injected clock runs 5 minutes ahead of the timers, so the refresh comes 5 minutes sooner.
    const { refresher } = makeRefresher({ fetchToken, now: () => Date.now() + 5 * MINUTE });

    await refresher.start();
    await jest.advanceTimersByTimeAsync(5 * MINUTE);

    expect(calledAt).toEqual([T0, T0 + 5 * MINUTE]);
    refresher.stop();
  });

  it("rejects nonsensical options", () => {
    const fetchToken = async () => "x";
    const onToken = () => {};
    expect(() => createJoinTokenRefresher({ fetchToken, onToken, retry: { jitter: 1.5 } })).toThrow(RangeError);
    expect(() => createJoinTokenRefresher({ fetchToken, onToken, retry: { factor: 0.5 } })).toThrow(RangeError);
    expect(() => createJoinTokenRefresher({ fetchToken, onToken, minDelayMs: -1 })).toThrow(RangeError);
  });
});

describe("decodeJwtExpiry", () => {
  it("reads exp in seconds from a JWT payload", () => {
    expect(decodeJwtExpiry(unsignedJwt({ exp: 1_893_456_000 }))).toBe(1_893_456_000);
  });

  it("decodes base64url payloads that use - and _ and need padding", () => {
    // "??>" yields a "-" in base64url, and this payload's length is not a multiple of 4 (needs padding).
    const token = unsignedJwt({ name: "??>ü", exp: 42 });
    const payload = token.split(".")[1];
    expect(payload).toMatch(/[-_]/);
    expect(payload.length % 4).not.toBe(0);
    expect(decodeJwtExpiry(token)).toBe(42);
  });

  it.each([
    ["an empty string", ""],
    ["a token without dots", "abc"],
    ["too few segments", "a.b"],
    ["an empty payload", "a..c"],
    ["invalid base64", "a.!!!.c"],
    ["a payload that is not JSON", `a.${Buffer.from("not json").toString("base64url")}.c`],
    ["a JSON payload that is not an object", `a.${base64url(null)}.c`],
    ["no exp claim", unsignedJwt({ sub: "x" })],
    ["a non-numeric exp", unsignedJwt({ exp: "1893456000" })],
  ])("returns undefined for %s", (_label, token) => {
    expect(decodeJwtExpiry(token)).toBeUndefined();
  });

  it("returns undefined for non-string input", () => {
    expect(decodeJwtExpiry(undefined as unknown as string)).toBeUndefined();
  });
});
