// The admin's view of every room, a page at a time.
import type { Database } from "../db/database.js";
import { containsPattern, keysetPage, type Page, type PageArgs } from "../db/keyset-page.js";
import { badInput, forbidden } from "../errors.js";
import { isUuid } from "../ids.js";
import type { EntryMode } from "./room-role.js";
import { Room } from "./room.entity.js";
import type { Actor } from "./rooms.service.js";

export interface RoomFilter {
  /** Matches name or slug, anywhere, case-insensitively. */
  search?: string | null;
  ownerId?: string | null;
  entryMode?: EntryMode | null;
}

/** Rooms newest first, with their owners. Admins only. */
export function listRooms(db: Database, actor: Actor, args: PageArgs & RoomFilter): Promise<Page<Room>> {
  if (!actor.isAdmin) throw forbidden("Only admins can list all rooms");
  if (args.ownerId != null && !isUuid(args.ownerId)) throw badInput("ownerId", "ownerId is not a user id");
  return db.run((manager) => {
    const query = manager.createQueryBuilder(Room, "room").innerJoinAndSelect("room.owner", "owner").where("TRUE");
    const search = args.search?.trim();
    if (search) query.andWhere(`("room"."name" ILIKE :pattern OR "room"."slug" ILIKE :pattern)`, { pattern: containsPattern(search) });
    if (args.ownerId != null) query.andWhere(`"room"."owner_id" = :ownerId`, { ownerId: args.ownerId });
    if (args.entryMode != null) query.andWhere(`"room"."entry_mode" = :entryMode`, { entryMode: args.entryMode });
    return keysetPage(query, "room", args);
  });
}
