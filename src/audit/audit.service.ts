// The audit context: who changed what, written in the same transaction as the change (so a
// refused or failed mutation leaves no row), and read a page at a time.
import type { EntityManager } from "typeorm";
import { User } from "../accounts/user.entity.js";
import type { Database } from "../db/database.js";
import { keysetPage, type Page, type PageArgs } from "../db/keyset-page.js";
import { badInput, forbidden, unauthenticated } from "../errors.js";
import { isUuid } from "../ids.js";
import { RoomMember } from "../rooms/room-member.entity.js";
import { Room } from "../rooms/room.entity.js";
import type { AuditAction } from "./audit-actions.js";
import { AuditEvent } from "./audit-event.entity.js";

export interface AuditEntry {
  action: AuditAction;
  /** Null for the command line or the deployment's configuration. */
  actorId: string | null;
  targetUserId?: string | null;
  roomSlug?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one row inside the caller's transaction. */
export async function recordAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.insert(AuditEvent, {
    action: entry.action,
    actorId: entry.actorId,
    targetUserId: entry.targetUserId ?? null,
    roomSlug: entry.roomSlug ?? null,
    details: entry.details ?? null,
  });
}

export interface AuditFilter {
  roomSlug?: string | null;
  actorId?: string | null;
  action?: AuditAction | null;
}

/**
 * Newest first. Admins read everything; a room's owner and moderators read that room's events
 * (roomSlug required); everyone else FORBIDDEN.
 */
export async function listAuditEvents(db: Database, caller: Pick<User, "id" | "isAdmin"> | null, args: PageArgs & AuditFilter): Promise<Page<AuditEvent>> {
  if (!caller) throw unauthenticated();
  if (args.actorId != null && !isUuid(args.actorId)) throw badInput("actorId", "actorId is not a user id");
  return db.run(async (manager) => {
    if (!caller.isAdmin) await assertMayReadRoomTrail(manager, caller.id, args.roomSlug);
    const query = manager
      .createQueryBuilder(AuditEvent, "event")
      .leftJoinAndMapOne("event.actor", User, "actor", `"actor"."id" = "event"."actor_id"`)
      .leftJoinAndMapOne("event.targetUser", User, "target", `"target"."id" = "event"."target_user_id"`)
      .where("TRUE");
    if (args.roomSlug != null) query.andWhere(`"event"."room_slug" = :roomSlug`, { roomSlug: args.roomSlug });
    // Slugs can be reused once a room is deleted: its owner and moderators see the current room's
    // events only, never those of an earlier room that had the same slug (admins see both).
    if (!caller.isAdmin) query.andWhere(`"event"."created_at" >= (SELECT "created_at" FROM "rooms" WHERE "slug" = :roomSlug)`);
    if (args.actorId != null) query.andWhere(`"event"."actor_id" = :actorId`, { actorId: args.actorId });
    if (args.action != null) query.andWhere(`"event"."action" = :action`, { action: args.action });
    return keysetPage(query, "event", args);
  });
}

async function assertMayReadRoomTrail(manager: EntityManager, userId: string, roomSlug: string | null | undefined): Promise<void> {
  if (roomSlug == null) throw forbidden("Only admins can read the whole audit log; name a room you own or moderate (roomSlug)");
  const allowed = await manager
    .createQueryBuilder(Room, "room")
    .leftJoin(RoomMember, "member", `"member"."room_id" = "room"."id" AND "member"."user_id" = :userId`, { userId })
    .where(`"room"."slug" = :roomSlug`, { roomSlug })
    .andWhere(`("room"."owner_id" = :userId OR "member"."role" IN ('OWNER', 'MODERATOR'))`)
    .getExists();
  if (!allowed) throw forbidden("Only the room's owner, its moderators and admins can read its audit trail");
}
