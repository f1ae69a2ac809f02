// Who is calling. Fail closed: no Authorization header (or a blank one) means anonymous, but a
// header that names no live credential (expired, logged out, made up, malformed, another scheme)
// is refused with UNAUTHENTICATED. It is never quietly downgraded to anonymous, which in an OPEN
// room would still get a join token.
import type { Database } from "../db/database.js";
import { DomainError, unauthenticated } from "../errors.js";
import { findUserBySessionToken } from "./accounts.service.js";
import { looksLikeSessionToken } from "./session-tokens.js";
import type { ApiTokenGrant } from "./api-tokens.service.js";
import type { User } from "./user.entity.js";

export interface Authentication {
  user: User;
  /** The session's bearer token when the caller signed in with one (logOut ends it). */
  sessionToken: string | null;
  /** The API token's grant when the caller used one (it limits what they may do to its scopes). */
  apiToken?: ApiTokenGrant | null;
}

/**
 * One kind of bearer secret. Sessions are one kind; API tokens (a recognisable prefix, looked up
 * by hash) are another, added to the list passed to `authenticate`.
 */
export interface BearerKind {
  /** A cheap shape test without I/O: is this secret of this kind? */
  recognizes(secret: string): boolean;
  /** The caller behind the secret, or null when it names nothing live. */
  resolve(db: Database, secret: string): Promise<Authentication | null>;
}

export const sessionBearer: BearerKind = {
  recognizes: looksLikeSessionToken,
  async resolve(db, token) {
    const user = await findUserBySessionToken(db, token);
    return user ? { user, sessionToken: token } : null;
  },
};

/** RFC 6750 b64token after a case-insensitive "Bearer" (RFC 9110: schemes are case-insensitive). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** A bearer secret read from the Authorization header, with the kind that recognised it (none: it names nothing). */
export interface Bearer {
  secret: string;
  kind: BearerKind | undefined;
}

/**
 * Reads the header without I/O: null for an anonymous caller (no header, or a blank one); throws
 * UNAUTHENTICATED for a header that is not `Bearer <token>`.
 */
export function readBearer(authorizationHeader: string | undefined, kinds: readonly BearerKind[] = [sessionBearer]): Bearer | null {
  // Clients commonly send `Authorization: ""` when signed out: it carries no credential at all.
  if (authorizationHeader === undefined || authorizationHeader.trim() === "") return null;
  const secret = BEARER.exec(authorizationHeader)?.[1];
  if (!secret) throw unauthenticated("The Authorization header must be `Bearer <token>`");
  return { secret, kind: kinds.find((candidate) => candidate.recognizes(secret)) };
}

/** The refusal of a bearer secret that names no live credential (UNAUTHENTICATED). */
export class DeadBearerError extends DomainError {
  override name = "DeadBearerError";
  constructor() {
    super("UNAUTHENTICATED", "The bearer token is invalid, expired or revoked: sign in again");
  }
}

export const deadBearer = () => new DeadBearerError();

/** Null for an anonymous caller; throws UNAUTHENTICATED for a header naming no live credential. */
export async function authenticate(
  db: Database,
  authorizationHeader: string | undefined,
  kinds: readonly BearerKind[] = [sessionBearer],
): Promise<Authentication | null> {
  const bearer = readBearer(authorizationHeader, kinds);
  return bearer && resolveBearer(db, bearer);
}

/** The caller behind a bearer secret; throws UNAUTHENTICATED when it names nothing live. */
export async function resolveBearer(db: Database, { secret, kind }: Bearer): Promise<Authentication> {
  const caller = kind ? await kind.resolve(db, secret) : null;
  if (!caller) throw deadBearer();
  return caller;
}
