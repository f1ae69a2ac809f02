// The VideoRoom tokens roomkey stored in Janus, as rows: issued, renewed, found for kicks and sweeps.
import { randomBytes } from "node:crypto";
import { In, IsNull, LessThan } from "typeorm";
import type { Database } from "../../db/database.js";
import { VideoroomToken } from "./videoroom-token.entity.js";

/** The user's token for the room (the same one on every fetch, renewed), or a new one for anonymous viewers. */
export async function issueTokenRow(
  db: Database,
  input: { roomId: string; userId: string | null; canPublish: boolean; expiresAt: Date },
): Promise<VideoroomToken> {
  return db.transaction(async (manager) => {
    const existing = input.userId ? await manager.findOneBy(VideoroomToken, { roomId: input.roomId, userId: input.userId }) : null;
    if (existing) {
      await manager.update(VideoroomToken, { id: existing.id }, { canPublish: input.canPublish, expiresAt: input.expiresAt });
      return { ...existing, canPublish: input.canPublish, expiresAt: input.expiresAt };
    }
    const token = `vr-${randomBytes(24).toString("base64url")}`;
    return manager.save(manager.create(VideoroomToken, { ...input, token }));
  });
}

export function liveTokensOfRoom(db: Database, roomId: string): Promise<VideoroomToken[]> {
  return db.run((manager) => manager.find(VideoroomToken, { where: { roomId } }));
}

export function tokensOfUser(db: Database, roomId: string, userId: string): Promise<VideoroomToken[]> {
  return db.run((manager) => manager.find(VideoroomToken, { where: { roomId, userId } }));
}

/** Tokens to take out of Janus: expired, or left behind by a deleted room. */
export function staleTokens(db: Database, now: Date, limit: number): Promise<VideoroomToken[]> {
  return db.run((manager) =>
    manager.find(VideoroomToken, { where: [{ expiresAt: LessThan(now) }, { roomId: IsNull() }], take: limit, order: { expiresAt: "ASC" } }),
  );
}

export async function deleteTokenRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.run((manager) => manager.delete(VideoroomToken, { id: In(ids) }));
}

export async function setCanPublish(db: Database, ids: string[], canPublish: boolean): Promise<void> {
  if (ids.length > 0) await db.run((manager) => manager.update(VideoroomToken, { id: In(ids) }, { canPublish }));
}
