// Kicks and bans. A kick is a persisted ban plus the loss of the user's role, then a fan-out to
// the media servers that can drop the user's live sessions.
import type { EntityManager } from "typeorm";
import { recordAudit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { forbidden } from "../errors.js";
import { RoomBan } from "./room-ban.entity.js";
import { RoomClient } from "./room-client.entity.js";
import { RoomMember } from "./room-member.entity.js";
import { effectiveRole } from "./entry.js";
import { isModeratorRole, type RoomRole } from "./room-role.js";
import type { Room } from "./room.entity.js";
import { lockRoom, requireUser, type Actor } from "./rooms.service.js";

/** What a media server adapter implements so kicks reach live sessions (the seam for Janus etc.). */
export interface LiveSessionKicker {
  /** Drops the user's live sessions in the room; returns how many were dropped. */
  disconnect(target: { roomSlug: string; userId: string; clientIds: string[] }): Promise<number>;
}

export const noLiveSessionKicker: LiveSessionKicker = { disconnect: async () => 0 };

export interface KickOutcome {
  banned: true;
  disconnected: number;
}

export async function kickUser(
  db: Database,
  kicker: LiveSessionKicker,
  actor: Actor,
  input: { roomSlug: string; userId: string; reason?: string | null },
): Promise<KickOutcome> {
  if (input.userId === actor.id) throw forbidden("You cannot kick yourself");
  const { room, clientIds } = await db.transaction(async (manager) => {
    const room = await lockRoom(manager, input.roomSlug);
    await requireUser(manager, input.userId);
    const actorRole = await requireModerator(manager, room, actor, "Only the room's owner and moderators can kick");
    const targetMember = await manager.findOneBy(RoomMember, { roomId: room.id, userId: input.userId });
    if (input.userId === room.ownerId) throw forbidden("The room's owner cannot be kicked");
    if (targetMember?.role === "MODERATOR" && actorRole !== "OWNER" && !actor.isAdmin) {
      throw forbidden("Only the owner can kick a moderator");
    }
    const reason = input.reason?.trim() || null;
    await manager.upsert(RoomBan, { roomId: room.id, userId: input.userId, bannedById: actor.id, reason }, ["roomId", "userId"]);
    await manager.delete(RoomMember, { roomId: room.id, userId: input.userId });
    await recordAudit(manager, { action: "USER_KICKED", actorId: actor.id, targetUserId: input.userId, roomSlug: room.slug, details: { reason, previousRole: targetMember?.role ?? null } });
    const clients = await manager.find(RoomClient, { where: { roomId: room.id, userId: input.userId }, select: { clientId: true } });
    return { room, clientIds: clients.map((client) => client.clientId) };
  });
  // After commit: the ban already stops new tokens even if the media server is unreachable.
  const disconnected = await kicker.disconnect({ roomSlug: room.slug, userId: input.userId, clientIds });
  return { banned: true, disconnected };
}

/** Lifts a ban. True when there was one. */
export async function unbanUser(db: Database, actor: Actor, input: { roomSlug: string; userId: string }): Promise<boolean> {
  return db.transaction(async (manager) => {
    const room = await lockRoom(manager, input.roomSlug);
    await requireModerator(manager, room, actor, "Only the room's owner and moderators can unban");
    await requireUser(manager, input.userId);
    const ban = await manager.findOneBy(RoomBan, { roomId: room.id, userId: input.userId });
    if (!ban) return false;
    await manager.delete(RoomBan, { id: ban.id });
    await recordAudit(manager, { action: "USER_UNBANNED", actorId: actor.id, targetUserId: input.userId, roomSlug: room.slug, details: { banReason: ban.reason } });
    return true;
  });
}

/** The actor's effective role in the room, which must be OWNER or MODERATOR (admins count as MODERATOR). */
async function requireModerator(manager: EntityManager, room: Room, actor: Actor, message: string): Promise<RoomRole> {
  const member = await manager.findOneBy(RoomMember, { roomId: room.id, userId: actor.id });
  const role = effectiveRole({ room, role: member?.role ?? null, isAuthenticated: true, isAdmin: actor.isAdmin });
  if (!role || !isModeratorRole(role)) throw forbidden(message);
  return role;
}
