// Slows password guessing and hash flooding (argon2id costs ~70 ms of CPU per check). Counters live
// in the shared limiter store, so every instance counts the same attempts:
//  - sign-in and sign-up attempts per client address per minute;
//  - failed logins per (address, email), and per email from all addresses, within a window.
// A login attempt is taken from both failure budgets *before* the password is checked and refunded
// when it succeeds, so N concurrent wrong passwords check at most LOGIN_MAX_FAILURES hashes.
import { createHash } from "node:crypto";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { addressKey } from "../limits/client-address.js";
import type { LimiterStore } from "../limits/limiter-store.js";
import { asRateLimited, consumeOrThrow } from "../limits/rate-limited.js";

export interface AuthThrottleOptions {
  maxFailures: number;
  maxFailuresPerAccount: number;
  windowSeconds: number;
  attemptsPerMinute: number;
}

const TOO_MANY_FAILURES = "Too many failed logins";

export class AuthThrottle {
  private readonly attempts: RateLimiterAbstract;
  private readonly failuresFromAddress: RateLimiterAbstract;
  private readonly failuresForAccount: RateLimiterAbstract;

  constructor(store: LimiterStore, options: AuthThrottleOptions) {
    this.attempts = store.limiter({ name: "auth-attempts", points: options.attemptsPerMinute, durationSeconds: 60 });
    this.failuresFromAddress = store.limiter({ name: "login-failures", points: options.maxFailures, durationSeconds: options.windowSeconds });
    this.failuresForAccount = store.limiter({ name: "login-failures-account", points: options.maxFailuresPerAccount, durationSeconds: options.windowSeconds });
  }

  /** Counts a sign-in or sign-up from this address; throws RATE_LIMITED past the per-minute budget. */
  recordAttempt(clientIp: string): Promise<void> {
    return consumeOrThrow(this.attempts, addressKey(clientIp), "Too many attempts from your address");
  }

  /**
   * Takes one attempt from both failure budgets before the password is checked; throws RATE_LIMITED
   * when either is spent (and gives back what the other one took: no hash was checked).
   */
  async beginLogin(clientIp: string, email: string): Promise<void> {
    const keys = loginKeys(clientIp, email);
    const [fromAddress, forAccount] = await Promise.allSettled([
      this.failuresFromAddress.consume(keys.fromAddress),
      this.failuresForAccount.consume(keys.forAccount),
    ]);
    if (fromAddress.status === "fulfilled" && forAccount.status === "fulfilled") return;
    if (fromAddress.status === "fulfilled") await this.failuresFromAddress.reward(keys.fromAddress);
    if (forAccount.status === "fulfilled") await this.failuresForAccount.reward(keys.forAccount);
    const rejection = fromAddress.status === "rejected" ? fromAddress.reason : (forAccount as PromiseRejectedResult).reason;
    throw asRateLimited(rejection, TOO_MANY_FAILURES);
  }

  /** Gives back what beginLogin took: the password was right, or the check failed through no fault of the caller. */
  async refundLogin(clientIp: string, email: string): Promise<void> {
    const keys = loginKeys(clientIp, email);
    await Promise.all([this.failuresFromAddress.reward(keys.fromAddress), this.failuresForAccount.reward(keys.forAccount)]);
  }
}

/** Emails are hashed: the store never holds them, and keys stay short. */
function loginKeys(clientIp: string, email: string) {
  const account = createHash("sha256").update(email).digest("base64url");
  return { fromAddress: `${addressKey(clientIp)}|${account}`, forAccount: account };
}
