// The API tokens context: named, scoped bearer secrets for dashboards and scripts. A token acts as
// its owner, limited to its scopes; revoking deletes the row, so the next request with it fails
// (every request looks the token up: no cache to invalidate).
import { recordAudit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { badInput, forbidden, unauthenticated } from "../errors.js";
import { isUuid } from "../ids.js";
import { API_SCOPES, type ApiScope } from "./api-scopes.js";
import { generateApiTokenSecret, hashApiTokenSecret, isApiTokenBearer, looksLikeApiTokenSecret } from "./api-token-secrets.js";
import { ApiToken } from "./api-token.entity.js";
import type { BearerKind } from "./authenticate.js";
import type { User } from "./user.entity.js";

/** What a request made with an API token may do. */
export interface ApiTokenGrant {
  id: string;
  scopes: readonly ApiScope[];
}

/** What an operation declares it needs from an API token (sessions are not limited by it). */
export type OperationAccess = ApiScope | typeof ANY_API_TOKEN | typeof SIGNED_IN_SESSION;
/** Open to every API token (e.g. `me`). */
export const ANY_API_TOKEN = "ANY_API_TOKEN";
/** Never with an API token: API tokens cannot manage API tokens or sessions. */
export const SIGNED_IN_SESSION = "SIGNED_IN_SESSION";

export const API_TOKEN_NAME_MAX = 100;
/** lastUsedAt is written at most this often per token, so a busy script does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  secret: string;
  apiToken: ApiToken;
}

/** The owner and grant behind an API token secret; UNAUTHENTICATED when unknown, revoked or expired. */
export async function authenticateApiToken(db: Database, secret: string, now = new Date()): Promise<{ user: User; grant: ApiTokenGrant }> {
  const token = looksLikeApiTokenSecret(secret)
    ? await db.run((manager) =>
        manager
          .createQueryBuilder(ApiToken, "token")
          .innerJoinAndSelect("token.user", "user")
          .where("token.tokenHash = :hash AND (token.expiresAt IS NULL OR token.expiresAt > :now)", { hash: hashApiTokenSecret(secret), now })
          .getOne(),
      )
    : null;
  if (!token) throw unauthenticated("This API token is unknown, revoked or expired");
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.run((manager) => manager.update(ApiToken, { id: token.id }, { lastUsedAt: now }));
  }
  return { user: token.user, grant: { id: token.id, scopes: token.scopes } };
}

/** API tokens as a kind of bearer secret for `authenticate`: recognised by their prefix. */
export const apiTokenBearer: BearerKind = {
  recognizes: isApiTokenBearer,
  async resolve(db, secret) {
    const { user, grant } = await authenticateApiToken(db, secret);
    return { user, sessionToken: null, apiToken: grant };
  },
};

/**
 * Refuses an operation to an API token that lacks what it declares (FORBIDDEN naming the scope).
 * `needed` undefined means the operation declared nothing: refused, so a new operation is closed to
 * API tokens until someone decides which scope it needs.
 */
export function assertApiTokenMayRun(grant: ApiTokenGrant, owner: Pick<User, "isAdmin">, operation: string, needed: readonly OperationAccess[] | undefined): void {
  if (!needed) throw forbidden(`${operation} is not open to API tokens`);
  if (needed.includes(SIGNED_IN_SESSION)) throw forbidden(`${operation} needs a signed-in session; API tokens cannot use it`);
  for (const scope of needed) {
    if (scope === ANY_API_TOKEN || scope === SIGNED_IN_SESSION) continue;
    if (!grant.scopes.includes(scope)) throw forbidden(`This API token lacks the ${scope} scope, which ${operation} needs`);
    if (scope === "ADMIN" && !owner.isAdmin) throw forbidden("The ADMIN scope works only while the token's owner is an admin");
  }
}

export async function createApiToken(
  db: Database,
  owner: Pick<User, "id" | "isAdmin">,
  input: { name: string; scopes: readonly string[]; expiresAt?: Date | null },
  now = new Date(),
): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (!name || name.length > API_TOKEN_NAME_MAX) throw badInput("name", `name must be 1 to ${API_TOKEN_NAME_MAX} characters`);
  const scopes = API_SCOPES.filter((scope) => input.scopes.includes(scope));
  if (scopes.length === 0) throw badInput("scopes", "Choose at least one scope");
  if (scopes.includes("ADMIN") && !owner.isAdmin) throw forbidden("Only admins can create tokens with the ADMIN scope");
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw badInput("expiresAt", "expiresAt must be in the future");
  const secret = generateApiTokenSecret();
  const apiToken = await db.transaction(async (manager) => {
    const token = await manager.save(
      manager.create(ApiToken, { tokenHash: hashApiTokenSecret(secret), userId: owner.id, name, scopes, expiresAt: input.expiresAt ?? null }),
    );
    const details = { apiTokenId: token.id, name, scopes, expiresAt: token.expiresAt };
    await recordAudit(manager, { action: "API_TOKEN_CREATED", actorId: owner.id, targetUserId: owner.id, details });
    return token;
  });
  return { secret, apiToken };
}

/** Deletes one of the caller's tokens (admins: anyone's). False when there is no such token. */
export async function revokeApiToken(
  db: Database,
  caller: Pick<User, "id" | "isAdmin">,
  id: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db.transaction(async (manager) => {
    const token = await manager.findOneBy(ApiToken, caller.isAdmin ? { id } : { id, userId: caller.id });
    if (!token) return false;
    await manager.delete(ApiToken, { id: token.id });
    const details = { apiTokenId: token.id, name: token.name, scopes: token.scopes };
    await recordAudit(manager, { action: "API_TOKEN_REVOKED", actorId: caller.id, targetUserId: token.userId, details });
    return true;
  });
}

/** The user's tokens, newest first (never the secrets: only hashes are stored). */
export function listApiTokens(db: Database, userId: string): Promise<ApiToken[]> {
  return db.run((manager) => manager.find(ApiToken, { where: { userId }, order: { createdAt: "DESC", id: "DESC" } }));
}
