// What one caller sees of rooms: their role, the members and the bans. Batched per request, so a
// list of rooms (myRooms, admin dashboards) costs a fixed number of queries, not one per room.
import DataLoader from "dataloader";
import { In } from "typeorm";
import type { Database } from "../db/database.js";
import { effectiveRole } from "./entry.js";
import { RoomBan } from "./room-ban.entity.js";
import { RoomMember } from "./room-member.entity.js";
import { isModeratorRole, type RoomRole } from "./room-role.js";
import type { Room } from "./room.entity.js";
import type { Actor } from "./rooms.service.js";

export interface RoomViewer {
  /** The caller's effective role: null for anonymous people, outsiders and banned users. */
  myRole(room: Room): Promise<RoomRole | null>;
  /** Owner, moderators and admins see every member; anyone else only their own membership. */
  members(room: Room): Promise<RoomMember[]>;
  /** Owner, moderators and admins see every ban; anyone else none. */
  bans(room: Room): Promise<RoomBan[]>;
}

interface ViewerFacts {
  role: RoomRole | null;
  banned: boolean;
}

/** Every request gets a viewer, few use it (joinToken never does): the loaders are made on first use. */
export function createRoomViewer(db: Database, viewer: Actor | null): RoomViewer {
  let factsLoader: DataLoader<string, ViewerFacts> | undefined;
  let membersLoader: DataLoader<string, RoomMember[]> | undefined;
  let bansLoader: DataLoader<string, RoomBan[]> | undefined;
  const facts = { load: (roomId: string) => (factsLoader ??= new DataLoader((ids) => loadViewerFacts(db, ids, viewer!.id))).load(roomId) };
  const members = { load: (roomId: string) => (membersLoader ??= new DataLoader((ids) => loadGrouped(db, RoomMember, ids, { user: true }))).load(roomId) };
  const bans = {
    load: (roomId: string) => (bansLoader ??= new DataLoader((ids) => loadGrouped(db, RoomBan, ids, { user: true, bannedBy: true }))).load(roomId),
  };

  const myRole = async (room: Room): Promise<RoomRole | null> => {
    if (!viewer) return null;
    const { role, banned } = await facts.load(room.id);
    if (banned && role !== "OWNER") return null;
    return effectiveRole({ room, role, isAuthenticated: true, isAdmin: viewer.isAdmin });
  };

  return {
    myRole,
    async members(room) {
      if (!viewer) return [];
      const all = await members.load(room.id);
      return isModeratorRole(await myRole(room)) ? all : all.filter((member) => member.userId === viewer.id);
    },
    async bans(room) {
      return isModeratorRole(await myRole(room)) ? bans.load(room.id) : [];
    },
  };
}

async function loadViewerFacts(db: Database, roomIds: readonly string[], viewerId: string): Promise<ViewerFacts[]> {
  const rows: Array<{ room_id: string; role: RoomRole | null; banned: boolean }> = await db.run((manager) =>
    manager.query(
      `SELECT r.id AS room_id, m.role, (b.id IS NOT NULL) AS banned
       FROM unnest($1::uuid[]) AS r(id)
       LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
       LEFT JOIN room_bans b ON b.room_id = r.id AND b.user_id = $2`,
      [roomIds, viewerId],
    ),
  );
  const byRoom = new Map(rows.map((row) => [row.room_id, { role: row.role, banned: row.banned }]));
  return roomIds.map((id) => byRoom.get(id) ?? { role: null, banned: false });
}

async function loadGrouped<T extends RoomMember | RoomBan>(
  db: Database,
  entity: new () => T,
  roomIds: readonly string[],
  relations: Record<string, boolean>,
): Promise<T[][]> {
  const rows = (await db.run((manager) =>
    manager.find(entity as typeof RoomMember, {
      where: { roomId: In([...roomIds]) },
      relations,
      order: { createdAt: "ASC", id: "ASC" },
    }),
  )) as unknown as T[];
  return roomIds.map((id) => rows.filter((row) => row.roomId === id));
}
