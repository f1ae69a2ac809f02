import type { ApiTokenGrant } from "../accounts/api-tokens.service.js";
import type { Authentication } from "../accounts/authenticate.js";
import type { User } from "../accounts/user.entity.js";
import type { AppServices } from "../app-services.js";
import { createRoomViewer, type RoomViewer } from "../rooms/room-viewer.js";
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
  /**
   * A session bearer whose lookup waits for the operation (see deferred-session.ts). While it is
   * set, reading `user`, `sessionToken` or `roomViewer` throws: an unknown caller is never read as
   * anonymous.
   */
  deferredSession: DeferredSession | null;
}

export interface DeferredSession {
  token: string;
  /** Set when the lookup found no live session: the response becomes the 401 a context failure gives. */
  refused: boolean;
}

export function requireUser(context: GraphQLContext): User {
  if (!context.user) throw unauthenticated();
  return context.user;
}

/** What is known only once the caller's session has been looked up. */
const KNOWN_CALLER_FIELDS = ["user", "sessionToken", "roomViewer"] as const;
type KnownCallerFields = (typeof KNOWN_CALLER_FIELDS)[number];

/** The context of a caller known before the operation runs: anonymous, or already authenticated. */
export function knownCallerContext(services: AppServices, caller: Authentication | null, clientIp: string): GraphQLContext {
  const user = caller?.user ?? null;
  return {
    services,
    user,
    sessionToken: caller?.sessionToken ?? null,
    apiToken: caller?.apiToken ?? null,
    clientIp,
    roomViewer: createRoomViewer(services.db, user),
    deferredSession: null,
  };
}

/**
 * Until settled, `user`, `sessionToken` and `roomViewer` are getters on the prototype that throw.
 * On the prototype, not the object: Apollo copies the context's own properties into a new object
 * with the same prototype for each request, and that copy must still throw.
 */
const UNSETTLED_CALLER: object = Object.create(
  Object.prototype,
  Object.fromEntries(
    KNOWN_CALLER_FIELDS.map((field) => [
      field,
      {
        get() {
          throw new Error(`context.${field} was read before the caller's session was looked up`);
        },
      },
    ]),
  ),
);

/** The context of a session bearer not looked up yet; `settleCaller` fills it in. */
export function deferredCallerContext(services: AppServices, sessionToken: string, clientIp: string): GraphQLContext {
  const fields: Omit<GraphQLContext, KnownCallerFields> = { services, apiToken: null, clientIp, deferredSession: { token: sessionToken, refused: false } };
  return Object.assign(Object.create(UNSETTLED_CALLER) as GraphQLContext, fields);
}

/** Fills in the caller of a deferred context once its session is looked up. */
export function settleCaller(context: GraphQLContext, caller: Authentication): void {
  const known = knownCallerContext(context.services, caller, context.clientIp);
  for (const field of KNOWN_CALLER_FIELDS) {
    Object.defineProperty(context, field, { configurable: true, enumerable: true, writable: true, value: known[field] });
  }
  context.deferredSession = null;
}
