import type { User } from "../accounts/user.entity.js";
import type { AppServices } from "../app-services.js";
import { unauthenticated } from "../errors.js";

export interface GraphQLContext {
  services: AppServices;
  /** Null for anonymous callers. */
  user: User | null;
  /** The bearer token of this request, when it named a live session. */
  sessionToken: string | null;
  /** The caller's address (behind a proxy: as TRUST_PROXY lets express derive it). */
  clientIp: string;
}

export function requireUser(context: GraphQLContext): User {
  if (!context.user) throw unauthenticated();
  return context.user;
}
