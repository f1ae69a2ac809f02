import type { EntityManager } from "typeorm";
import { Room } from "./room.entity.js";

/** The room's VideoRoom id and secret (the secret is not loaded with the room by default). */
export async function videoroomOf(manager: EntityManager, room: Pick<Room, "id" | "videoroomId">): Promise<{ id: number; secret: string } | null> {
  if (room.videoroomId == null) return null;
  const row = await manager.findOne(Room, { where: { id: room.id }, select: { id: true, videoroomSecret: true } });
  return row?.videoroomSecret ? { id: room.videoroomId, secret: row.videoroomSecret } : null;
}
