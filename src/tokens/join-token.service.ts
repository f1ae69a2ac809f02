// joinToken: the entry decision, translated into a janus-plugin-sfu PermsToken.
import type { Database } from "../db/database.js";
import { badInput } from "../errors.js";
import { admitCaller, rememberClient } from "../rooms/access.service.js";
import { CLIENT_ID_MAX } from "../rooms/room-limits.js";
import type { RoomRole } from "../rooms/room-role.js";
import type { Actor } from "../rooms/rooms.service.js";
import type { PermsTokenSigner, SignedPermsToken } from "./perms-token.js";

export interface JoinToken extends SignedPermsToken {
  role: RoomRole | null;
}

export const ANONYMOUS_SUBJECT = "anon";

export async function issueJoinToken(
  deps: { db: Database; permsTokens: PermsTokenSigner },
  actor: Actor | null,
  input: { roomSlug: string; clientId?: string | null },
): Promise<JoinToken> {
  const clientId = input.clientId?.trim() || null;
  if (clientId && clientId.length > CLIENT_ID_MAX) throw badInput("clientId", `clientId must be at most ${CLIENT_ID_MAX} characters`);
  const { room, entry } = await admitCaller(deps.db, input.roomSlug, actor);
  // Remember who joins with which SFU client id, so a kick can reach the live session.
  if (actor && clientId) await rememberClient(deps.db, { roomId: room.id, userId: actor.id, clientId });
  const signed = await deps.permsTokens.sign({ subject: actor?.id ?? ANONYMOUS_SUBJECT, roomSlug: room.slug, canModerate: entry.canModerate });
  return { ...signed, role: entry.role };
}
