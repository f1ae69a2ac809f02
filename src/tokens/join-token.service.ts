// joinToken: the entry decision, translated into a janus-plugin-sfu PermsToken.
import { deadBearer } from "../accounts/authenticate.js";
import type { Database } from "../db/database.js";
import { badInput } from "../errors.js";
import type { UsageBudgets } from "../limits/usage-budgets.js";
import { admitCaller, admitFound, findSessionEntry, rememberClient, type Admission } from "../rooms/access.service.js";
import { CLIENT_ID_MAX } from "../rooms/room-limits.js";
import type { RoomRole } from "../rooms/room-role.js";
import type { Actor } from "../rooms/rooms.service.js";
import type { PermsTokenSigner, SignedPermsToken } from "./perms-token.js";

export interface JoinToken extends SignedPermsToken {
  role: RoomRole | null;
}

export const ANONYMOUS_SUBJECT = "anon";

/**
 * Who asks. Either already known (anonymous, or a caller authenticated before the operation ran),
 * or a session bearer not looked up yet: then its session is looked up in the same statement as
 * the entry facts, and a dead session is refused with UNAUTHENTICATED before anything else.
 */
export type JoinCaller = { actor: Actor | null } | { sessionToken: string };

export interface JoinTokenRequest {
  roomSlug: string;
  clientId?: string | null;
  /** Anonymous callers' budget is counted per address. */
  clientIp: string;
}

export async function issueJoinToken(
  deps: { db: Database; permsTokens: PermsTokenSigner; budgets: UsageBudgets },
  caller: JoinCaller,
  input: JoinTokenRequest,
): Promise<JoinToken> {
  const clientId = input.clientId?.trim() || null;
  if (clientId && clientId.length > CLIENT_ID_MAX) throw badInput("clientId", `clientId must be at most ${CLIENT_ID_MAX} characters`);
  const { actor, admission } = await admit(deps, caller, input.roomSlug, clientId, input.clientIp);
  const { room, entry, clientStampFresh } = admission;
  // Remember who joins with which SFU client id, so a kick can reach the live session; a refresh
  // within the fresh window would rewrite the same facts, so it is skipped.
  if (actor && clientId && !clientStampFresh) await rememberClient(deps.db, { roomId: room.id, userId: actor.id, clientId });
  const signed = await deps.permsTokens.sign({ subject: actor?.id ?? ANONYMOUS_SUBJECT, roomSlug: room.slug, canModerate: entry.canModerate });
  return { ...signed, role: entry.role };
}

/**
 * The budget (JOIN_TOKENS_PER_MINUTE) is charged before the entry decision, so refused attempts
 * count too: for a known caller before any lookup, for a session bearer as soon as the one lookup
 * has named its user.
 */
async function admit(
  deps: { db: Database; budgets: UsageBudgets },
  caller: JoinCaller,
  slug: string,
  clientId: string | null,
  clientIp: string,
): Promise<{ actor: Actor | null; admission: Admission }> {
  if ("actor" in caller) {
    await deps.budgets.chargeMediaAccess({ userId: caller.actor?.id ?? null, clientIp });
    return { actor: caller.actor, admission: await admitCaller(deps.db, slug, caller.actor, clientId) };
  }
  const found = await findSessionEntry(deps.db, caller.sessionToken, slug, clientId);
  if (!found.caller) throw deadBearer();
  await deps.budgets.chargeMediaAccess({ userId: found.caller.id, clientIp });
  return { actor: found.caller, admission: admitFound(found.facts, found.caller) };
}
