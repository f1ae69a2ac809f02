import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError, rateLimited } from "../errors.js";

/** Takes one point from `key`; over the budget, throws RATE_LIMITED with whole seconds to wait. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    throw asRateLimited(rejection, message);
  }
}

/**
 * A RateLimiterRes rejection as RATE_LIMITED. rate-limiter-flexible rejects with anything else only
 * when its store (PostgreSQL or Redis) failed: the budget cannot be checked, so the request is
 * refused as UPSTREAM_UNAVAILABLE (try again), never let through and never an internal error.
 */
export function asRateLimited(rejection: unknown, message: string): unknown {
  if (!(rejection instanceof RateLimiterRes)) {
    return new DomainError("UPSTREAM_UNAVAILABLE", "The store that keeps request budgets is unavailable right now; try again shortly");
  }
  return rateLimited(message, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
}
