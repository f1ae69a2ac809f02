// Kicks and bans. A kick is a persisted ban plus the loss of the user's role; the media-side work
// (revoking credentials, dropping live sessions) is recorded in the same transaction and carried
// out right after commit by the media-task runner, then retried until the media server confirms.
//
// Who may kick whom: the owner, moderators and admins moderate. Nobody kicks themself or the
// owner; a moderator cannot kick another moderator or an admin (admins count as moderators
// everywhere); the owner and admins can. A ban stops an admin's entry to that room (BANNED, like
// anyone's) but not their moderation of it: admins keep moderating every room.
import type { EntityManager } from "typeorm";
import { recordAudit } from "../audit/audit.service.js";
import { User } from "../accounts/user.entity.js";
import type { Database } from "../db/database.js";
import { forbidden } from "../errors.js";
import { RoomBan } from "./room-ban.entity.js";
import { RoomClient } from "./room-client.entity.js";
import { RoomMember } from "./room-member.entity.js";
import { effectiveRole } from "./entry.js";
import { recordMediaTask, type MediaTaskRunner } from "./media-tasks.js";
import { isModeratorRole, type RoomRole } from "./room-role.js";
import type { Room } from "./room.entity.js";
import { lockRoom, requireUser, type Actor } from "./rooms.service.js";
import { videoroomOf } from "./videoroom.js";

export { noLiveSessionKicker, type LiveSessionKicker } from "./live-sessions.js";

export interface KickOutcome {
  banned: true;
  /** Live sessions the media servers confirmed dropped now; 0 while they are unreachable (the work is retried). */
  disconnected: number;
}

export async function kickUser(
  db: Database,
  mediaTasks: MediaTaskRunner,
  actor: Actor,
  input: { roomSlug: string; userId: string; reason?: string | null },
): Promise<KickOutcome> {
  if (input.userId === actor.id) throw forbidden("You cannot kick yourself");
  const taskId = await db.transaction(async (manager) => {
    const room = await lockRoom(manager, input.roomSlug);
    // Rights first: a caller who may not kick learns nothing about which user ids exist.
    const actorRole = await requireModerator(manager, room, actor, "Only the room's owner and moderators can kick");
    await requireUser(manager, input.userId);
    if (input.userId === room.ownerId) throw forbidden("The room's owner cannot be kicked");
    const target = await manager.findOneOrFail(User, { where: { id: input.userId }, select: { id: true, isAdmin: true } });
    const targetMember = await manager.findOneBy(RoomMember, { roomId: room.id, userId: input.userId });
    const targetModerates = targetMember?.role === "MODERATOR" || target.isAdmin;
    if (targetModerates && actorRole !== "OWNER" && !actor.isAdmin) {
      throw forbidden(target.isAdmin ? "Only the owner or an admin can kick an admin" : "Only the owner can kick a moderator");
    }
    const reason = input.reason?.trim() || null;
    await manager.upsert(RoomBan, { roomId: room.id, userId: input.userId, bannedById: actor.id, reason }, ["roomId", "userId"]);
    await manager.delete(RoomMember, { roomId: room.id, userId: input.userId });
    await recordAudit(manager, { action: "USER_KICKED", actorId: actor.id, targetUserId: input.userId, roomSlug: room.slug, details: { reason, previousRole: targetMember?.role ?? null } });
    const clients = await manager.find(RoomClient, { where: { roomId: room.id, userId: input.userId }, select: { clientId: true } });
    return recordMediaTask(manager, "kick", {
      roomId: room.id,
      roomSlug: room.slug,
      userId: input.userId,
      clientIds: clients.map((client) => client.clientId),
      videoroom: await videoroomOf(manager, room),
    });
  });
  // After commit: the ban already stops new credentials even if the media server is unreachable.
  const disconnected = (await mediaTasks.runNow(taskId)) ?? 0;
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

/** The actor's effective role in the room, which must be OWNER or MODERATOR (admins count as MODERATOR, banned or not). */
async function requireModerator(manager: EntityManager, room: Room, actor: Actor, message: string): Promise<RoomRole> {
  const member = await manager.findOneBy(RoomMember, { roomId: room.id, userId: actor.id });
  const role = effectiveRole({ room, role: member?.role ?? null, isAuthenticated: true, isAdmin: actor.isAdmin });
  if (!role || !isModeratorRole(role)) throw forbidden(message);
  return role;
}
