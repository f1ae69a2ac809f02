// Slows password guessing: a fixed number of failed logins per (client IP, email) in a window.
// In memory, so per process: enough for one node; a cluster would back it with Redis/PostgreSQL
// (rate-limiter-flexible has both stores behind the same API).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../errors.js";

export class LoginThrottle {
  private readonly limiter: RateLimiterMemory;

  constructor(options: { maxFailures: number; windowSeconds: number }) {
    this.limiter = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowSeconds });
  }

  /** Throws RATE_LIMITED while the key has used up its failures. */
  async assertAllowed(key: string): Promise<void> {
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw rateLimited(state);
  }

  async recordFailure(key: string): Promise<void> {
    await this.limiter.penalty(key, 1);
  }

  async recordSuccess(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

function rateLimited(state: RateLimiterRes): DomainError {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new DomainError("RATE_LIMITED", `Too many failed logins; try again in ${seconds} seconds`);
}
