import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { rateLimited } from "../errors.js";

/** Takes one point from `key`; over the budget, throws RATE_LIMITED with whole seconds to wait. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    throw asRateLimited(rejection, message);
  }
}

/** A RateLimiterRes rejection as RATE_LIMITED; store errors pass through unchanged. */
export function asRateLimited(rejection: unknown, message: string): unknown {
  if (!(rejection instanceof RateLimiterRes)) return rejection;
  return rateLimited(message, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
}
