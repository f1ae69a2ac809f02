/**
 * Keeps a fresh roomkey join token in a web client, e.g. naf-janus-adapter.
 *
 * Join tokens are short-lived, and naf-janus-adapter sends its current join token
 * every time it (re)joins the SFU, so the client must swap in a new one before the
 * old one expires. This module is dependency-free and browser-safe: it only uses
 * globalThis.setTimeout/clearTimeout and `atob`.
 *
 * Usage:
 *
 *   import { createJoinTokenRefresher } from "roomkey/client";
 *
 *   const refresher = createJoinTokenRefresher({
 *     // Either the GraphQL `JoinToken` object ({ token, refreshAt, expiresAt }) or the bare JWT.
 *     fetchToken: () => requestJoinToken(roomId),
 *     onToken: (token) => adapter.setJoinToken(token),
 *     onError: (error, attempt) => console.warn(`join token refresh failed (attempt ${attempt})`, error),
 *   });
 *
 *   await refresher.start(); // first attempt settled; on success the adapter holds a token
 *   adapter.setReconnectionListeners(
 *     () => void refresher.refreshNow(), // rejoining needs a token that is still valid
 *     () => {},
 *     () => refresher.stop(),
 *   );
 *   adapter.connect();
 *   // when leaving the room:
 *   refresher.stop();
 */

/** A point in time: ISO-8601 string (as GraphQL DateTime sends it), Date, or epoch milliseconds. */
export type TokenTime = string | Date | number;

/** What `fetchToken` may resolve to: the raw JWT, or the GraphQL `JoinToken` shape. */
export type TokenLike =
  | string
  | { token: string; refreshAt?: TokenTime | null; expiresAt?: TokenTime | null };

export interface TokenInfo {
  /** When the next fetch is scheduled. */
  refreshAt: Date;
  /** When the token stops being accepted, if known (server field or JWT `exp`). */
  expiresAt?: Date;
}

export interface RetryOptions {
  /** Delay before the first retry. Default 1000. */
  initialDelayMs?: number;
  /** Upper bound for any retry delay. Default 30000. */
  maxDelayMs?: number;
  /** Growth per consecutive failure. Default 2. */
  factor?: number;
  /** Spread each delay by ±jitter (0..1) so many clients do not retry in lockstep. Default 0.2. */
  jitter?: number;
  /** Source of randomness in [0, 1), injectable for tests. Default Math.random. */
  random?: () => number;
}

export interface JoinTokenRefresherOptions {
  fetchToken: () => Promise<TokenLike>;
  onToken: (token: string, info: TokenInfo) => void | Promise<void>;
  /** Called for every failed attempt; `attempt` counts consecutive failures from 1. */
  onError?: (error: unknown, attempt: number) => void;
  /** Used only when the server sent no refreshAt: refresh this long before expiry. Default 60. */
  refreshBeforeExpirySeconds?: number;
  /** Floor for the delay after a success, so a nearly expired token cannot cause a tight loop. Default 5000. */
  minDelayMs?: number;
  retry?: RetryOptions;
  /** Clock in epoch milliseconds, injectable for tests. Default Date.now. */
  now?: () => number;
}

export type JoinTokenRefresherState = "idle" | "running" | "stopped";

type TimerHandle = ReturnType<typeof globalThis.setTimeout>;

// setTimeout fires at once for delays above 2^31 - 1 ms; fetching early is harmless.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export class JoinTokenRefresher {
  private readonly fetchToken: () => Promise<TokenLike>;
  private readonly onToken: (token: string, info: TokenInfo) => void | Promise<void>;
  private readonly onError?: (error: unknown, attempt: number) => void;
  private readonly refreshBeforeExpiryMs: number;
  private readonly minDelayMs: number;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly retryFactor: number;
  private readonly retryJitter: number;
  private readonly random: () => number;
  private readonly now: () => number;

  private currentState: JoinTokenRefresherState = "idle";
  private timer: TimerHandle | undefined;
  private failures = 0;
  private lastToken: string | undefined;
  // Bumped by start/stop/refreshNow so results of superseded attempts are dropped.
  private generation = 0;

  constructor(options: JoinTokenRefresherOptions) {
    this.fetchToken = options.fetchToken;
    this.onToken = options.onToken;
    this.onError = options.onError;
    this.refreshBeforeExpiryMs = nonNegative("refreshBeforeExpirySeconds", options.refreshBeforeExpirySeconds ?? 60) * 1000;
    this.minDelayMs = nonNegative("minDelayMs", options.minDelayMs ?? 5000);
    const retry = options.retry ?? {};
    this.initialRetryDelayMs = nonNegative("retry.initialDelayMs", retry.initialDelayMs ?? 1000);
    this.maxRetryDelayMs = nonNegative("retry.maxDelayMs", retry.maxDelayMs ?? 30_000);
    this.retryFactor = retry.factor ?? 2;
    if (!(this.retryFactor >= 1)) throw new RangeError("retry.factor must be >= 1");
    this.retryJitter = retry.jitter ?? 0.2;
    if (!(this.retryJitter >= 0 && this.retryJitter <= 1)) throw new RangeError("retry.jitter must be within 0..1");
    this.random = retry.random ?? Math.random;
    this.now = options.now ?? (() => Date.now());
  }

  get state(): JoinTokenRefresherState {
    return this.currentState;
  }

  get isRunning(): boolean {
    return this.currentState === "running";
  }

  /** The last token handed to onToken, if any. */
  get token(): string | undefined {
    return this.lastToken;
  }

  /**
   * Fetches and delivers the first token, then keeps refreshing until stop().
   * Resolves once the first attempt has settled; failures go to onError and are retried, never thrown.
   * Calling it while already running does nothing; after stop() it starts afresh.
   */
  start(): Promise<void> {
    if (this.currentState === "running") return Promise.resolve();
    this.currentState = "running";
    this.failures = 0;
    return this.runAttempt();
  }

  /** Cancels the pending fetch; a fetch already in flight will not reach onToken. */
  stop(): void {
    this.currentState = "stopped";
    this.generation++;
    this.clearTimer();
  }

  /** Fetches now instead of waiting for the schedule (e.g. before a reconnect). No-op unless running. */
  refreshNow(): Promise<void> {
    if (this.currentState !== "running") return Promise.resolve();
    return this.runAttempt();
  }

  private async runAttempt(): Promise<void> {
    this.clearTimer();
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    try {
      const fetched = await this.fetchToken();
      if (!isCurrent()) return;
      const { token, refreshAtMs, expiresAtMs } = this.interpret(fetched);
      const nextFetchAtMs = this.now() + Math.max(this.minDelayMs, refreshAtMs - this.now());
      const info: TokenInfo = { refreshAt: new Date(nextFetchAtMs) };
      if (expiresAtMs !== undefined) info.expiresAt = new Date(expiresAtMs);
      this.lastToken = token;
      await this.onToken(token, info);
      if (!isCurrent()) return;
      this.failures = 0;
      this.schedule(Math.max(0, nextFetchAtMs - this.now()));
    } catch (error) {
      if (!isCurrent()) return;
      this.failures++;
      this.reportError(error, this.failures);
      // onError may have called stop() or refreshNow(); then that call owns the schedule.
      if (isCurrent()) this.schedule(this.retryDelayMs(this.failures));
    }
  }

  private interpret(fetched: TokenLike): { token: string; refreshAtMs: number; expiresAtMs?: number } {
    const token = typeof fetched === "string" ? fetched : fetched?.token;
    if (typeof token !== "string" || token === "") throw new Error("fetchToken returned no token");

    const given: Exclude<TokenLike, string> = typeof fetched === "string" ? { token } : fetched;
    const jwtExpirySeconds = decodeJwtExpiry(token);
    const expiresAtMs =
      given.expiresAt != null
        ? toEpochMs(given.expiresAt, "expiresAt")
        : jwtExpirySeconds !== undefined
          ? jwtExpirySeconds * 1000
          : undefined;

    if (given.refreshAt != null) return { token, refreshAtMs: toEpochMs(given.refreshAt, "refreshAt"), expiresAtMs };
    if (expiresAtMs === undefined) throw new Error("join token has no refreshAt and no readable exp claim");
    return { token, refreshAtMs: expiresAtMs - this.refreshBeforeExpiryMs, expiresAtMs };
  }

  private retryDelayMs(failures: number): number {
    // Cap before jitter so a long outage cannot overflow to Infinity (and NaN once multiplied by 0).
    const base = Math.min(this.maxRetryDelayMs, this.initialRetryDelayMs * this.retryFactor ** (failures - 1));
    const spread = 1 + this.retryJitter * (2 * this.random() - 1);
    return Math.min(this.maxRetryDelayMs, base * spread);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = globalThis.setTimeout(() => {
      this.timer = undefined;
      void this.runAttempt();
    }, Math.min(delayMs, MAX_TIMER_DELAY_MS));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) globalThis.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reportError(error: unknown, attempt: number): void {
    try {
      this.onError?.(error, attempt);
    } catch {
      // A faulty error handler must not break the refresh loop.
    }
  }
}

export function createJoinTokenRefresher(options: JoinTokenRefresherOptions): JoinTokenRefresher {
  return new JoinTokenRefresher(options);
}

/** Reads the `exp` claim (seconds since epoch) from a JWT without verifying it; undefined if unreadable. */
export function decodeJwtExpiry(token: string): number | undefined {
  if (typeof token !== "string") return undefined;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === "") return undefined;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    // atob yields one char per byte; non-ASCII claims come out garbled but still valid JSON, and exp is ASCII.
    const payload: unknown = JSON.parse(atob(padded));
    if (typeof payload !== "object" || payload === null) return undefined;
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}

function toEpochMs(time: TokenTime, field: string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === "number" ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new Error(`join token has an invalid ${field}: ${String(time)}`);
  return ms;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0)) throw new RangeError(`${name} must be a non-negative number`);
  return value;
}
