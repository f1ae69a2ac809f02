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
  const { actor, admission, signed } = await admitAndSign(deps, caller, input.roomSlug, clientId, input.clientIp);
  // Remember who joins with which SFU client id, so a kick can reach the live session; a refresh
  // within the fresh window would rewrite the same facts, so it is skipped.
  if (actor && clientId && !admission.clientStampFresh) await rememberClient(deps.db, { roomId: admission.room.id, userId: actor.id, clientId });
  return { ...signed, role: admission.entry.role };
}

/**
 * The entry decision and the signature, paid from the caller's JOIN_TOKENS_PER_MINUTE budget
 * (UsageBudgets.spendMediaAccess): a known caller's budget is charged from the start, a session
 * bearer's as soon as the one lookup has named its user. Refused attempts count too.
 */
async function admitAndSign(
  deps: { db: Database; permsTokens: PermsTokenSigner; budgets: UsageBudgets },
  caller: JoinCaller,
  slug: string,
  clientId: string | null,
  clientIp: string,
): Promise<{ actor: Actor | null; admission: Admission; signed: SignedPermsToken }> {
  const sign = async (actor: Actor | null, admission: Admission) => {
    const { room, entry } = admission;
    const signed = await deps.permsTokens.sign({ subject: actor?.id ?? ANONYMOUS_SUBJECT, roomSlug: room.slug, canModerate: entry.canModerate });
    return { actor, admission, signed };
  };
  if ("actor" in caller) {
    const { actor } = caller;
    return deps.budgets.spendMediaAccess({ userId: actor?.id ?? null, clientIp }, async () => sign(actor, await admitCaller(deps.db, slug, actor, clientId)));
  }
  const found = await findSessionEntry(deps.db, caller.sessionToken, slug, clientId);
  const actor = found.caller;
  if (!actor) throw deadBearer();
  return deps.budgets.spendMediaAccess({ userId: actor.id, clientIp }, async () => sign(actor, admitFound(found.facts, actor)));
}
