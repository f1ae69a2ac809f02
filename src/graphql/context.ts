import type { ApiTokenGrant } from "../accounts/api-tokens.service.js";
import type { User } from "../accounts/user.entity.js";
import type { AppServices } from "../app-services.js";
import type { RoomViewer } from "../rooms/room-viewer.js";
import { unauthenticated } from "../errors.js";

export interface GraphQLContext {
  services: AppServices;
  /** Null for anonymous callers. */
  user: User | null;
  /** The bearer token of this request, when it named a live session. */
  sessionToken: string | null;
  /** Set when the request came with an API token: `user` is its owner, limited to these scopes. */
  apiToken: ApiTokenGrant | null;
  /** The caller's address (behind a proxy: as TRUST_PROXY lets express derive it). */
  clientIp: string;
  /** What this caller sees of rooms, batched for the whole request. */
  roomViewer: RoomViewer;
}

export function requireUser(context: GraphQLContext): User {
  if (!context.user) throw unauthenticated();
  return context.user;
}
