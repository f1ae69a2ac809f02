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
    return this.mediaAccess ? consumeOrThrow(this.mediaAccess, requesterKey(requester), "Too many room credentials requested") : Promise.resolve();
  }

  /** One createRoom (CREATE_ROOMS_PER_HOUR); throws RATE_LIMITED over the budget. */
  chargeRoomCreation(requester: Requester): Promise<void> {
    return this.roomCreation ? consumeOrThrow(this.roomCreation, requesterKey(requester), "Too many rooms created") : Promise.resolve();
  }
}

function requesterKey({ userId, clientIp }: Requester): string {
  return userId ? `user:${userId}` : `address:${addressKey(clientIp)}`;
}
