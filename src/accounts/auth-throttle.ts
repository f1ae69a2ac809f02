// Slows password guessing and hash flooding (argon2id costs ~70 ms of CPU per attempt):
//  - failed logins per (client IP, email) within a window, and
//  - sign-in and sign-up attempts per client IP per minute.
// In memory, so per process: enough for one node; a cluster would back it with Redis/PostgreSQL
// (rate-limiter-flexible has both stores behind the same API).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../errors.js";

export interface AuthThrottleOptions {
  maxFailures: number;
  windowSeconds: number;
  attemptsPerMinute: number;
}

export class AuthThrottle {
  private readonly failures: RateLimiterMemory;
  private readonly attempts: RateLimiterMemory;

  constructor(options: AuthThrottleOptions) {
    this.failures = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowSeconds });
    this.attempts = new RateLimiterMemory({ points: options.attemptsPerMinute, duration: 60 });
  }

  /** Counts an attempt from this IP; throws RATE_LIMITED past the per-minute budget. */
  async recordAttempt(clientIp: string): Promise<void> {
    try {
      await this.attempts.consume(clientIp);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited("Too many attempts from your address", rejection);
      throw rejection;
    }
  }

  /** Throws RATE_LIMITED while this IP has used up its failed logins for this email. */
  async assertLoginAllowed(clientIp: string, email: string): Promise<void> {
    const state = await this.failures.get(failureKey(clientIp, email));
    if (state && state.remainingPoints <= 0) throw rateLimited("Too many failed logins", state);
  }

  async recordLoginFailure(clientIp: string, email: string): Promise<void> {
    await this.failures.penalty(failureKey(clientIp, email), 1);
  }

  async recordLoginSuccess(clientIp: string, email: string): Promise<void> {
    await this.failures.delete(failureKey(clientIp, email));
  }
}

const failureKey = (clientIp: string, email: string) => `${clientIp}|${email}`;

function rateLimited(what: string, state: RateLimiterRes): DomainError {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new DomainError("RATE_LIMITED", `${what}; try again in ${seconds} seconds`);
}
