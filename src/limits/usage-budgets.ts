// Budgets for operations that are cheap to ask for and not free to answer: media credentials
// (joinToken, jitsiAccess, and any later media server's) and room creation. Counted per signed-in
// user, or per address for anonymous callers. One store call each; 0 turns a budget off.
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { addressKey } from "./client-address.js";
import type { LimiterStore } from "./limiter-store.js";
import { consumeOrThrow } from "./rate-limited.js";

export interface Requester {
  userId: string | null;
  clientIp: string;
}

export interface UsageBudgetOptions {
  joinTokensPerMinute: number;
  createRoomsPerHour: number;
}

export class UsageBudgets {
  private readonly mediaAccess: RateLimiterAbstract | undefined;
  private readonly roomCreation: RateLimiterAbstract | undefined;

  constructor(store: LimiterStore, options: UsageBudgetOptions) {
    if (options.joinTokensPerMinute > 0) {
      this.mediaAccess = store.limiter({ name: "media-access", points: options.joinTokensPerMinute, durationSeconds: 60 });
    }
    if (options.createRoomsPerHour > 0) {
      this.roomCreation = store.limiter({ name: "room-creation", points: options.createRoomsPerHour, durationSeconds: 3600 });
    }
  }

  /** One media credential (JOIN_TOKENS_PER_MINUTE); throws RATE_LIMITED over the budget. */
  chargeMediaAccess(requester: Requester): Promise<void> {
    return this.mediaAccess ? consumeOrThrow(this.mediaAccess, requesterKey(requester), MEDIA_ACCESS_REFUSAL) : Promise.resolve();
  }

  /**
   * One media credential spent on `work` (the entry decision and the signature); throws RATE_LIMITED
   * over the budget, whatever `work` did. The charge's round trip to a shared store runs while `work`
   * runs instead of before it. A requester this instance already knows to be over budget is refused
   * before `work` starts, so a flood costs no lookups and no signatures; the one attempt that finds
   * the budget spent has done its work for nothing.
   */
  async spendMediaAccess<T>(requester: Requester, work: () => Promise<T>): Promise<T> {
    const limiter = this.mediaAccess;
    const key = requesterKey(requester);
    if (!limiter) return work();
    if (!canOverlap(limiter, key)) {
      await consumeOrThrow(limiter, key, MEDIA_ACCESS_REFUSAL);
      return work();
    }
    const [charge, outcome] = await Promise.allSettled([consumeOrThrow(limiter, key, MEDIA_ACCESS_REFUSAL), work()]);
    if (charge.status === "rejected") throw charge.reason;
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  }

  /** One createRoom (CREATE_ROOMS_PER_HOUR); throws RATE_LIMITED over the budget. */
  chargeRoomCreation(requester: Requester): Promise<void> {
    return this.roomCreation ? consumeOrThrow(this.roomCreation, requesterKey(requester), "Too many rooms created") : Promise.resolve();
  }
}

const MEDIA_ACCESS_REFUSAL = "Too many room credentials requested";

/**
 * rate-limiter-flexible's store limiters (PostgreSQL, Redis) refuse a key from memory while this
 * instance knows it is over budget (inMemoryBlockOnConsumed); the method is public on them, not in
 * the library's types. The in-memory limiter has none: its charge costs no round trip to overlap.
 */
interface InMemoryBlocks {
  getInMemoryBlockMsBeforeExpire(storeKey: string): number;
}

/** True when the charge goes to a shared store and this instance does not already know the key is over budget. */
function canOverlap(limiter: RateLimiterAbstract, key: string): boolean {
  const blocks = limiter as Partial<InMemoryBlocks> & RateLimiterAbstract;
  return typeof blocks.getInMemoryBlockMsBeforeExpire === "function" && blocks.getInMemoryBlockMsBeforeExpire(limiter.getKey(key)) <= 0;
}

function requesterKey({ userId, clientIp }: Requester): string {
  return userId ? `user:${userId}` : `address:${addressKey(clientIp)}`;
}
