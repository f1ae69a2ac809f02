// The VideoRoom tokens roomkey stored in Janus, as rows: issued, renewed, found for kicks and sweeps.
import { randomBytes } from "node:crypto";
import { In, IsNull, LessThan } from "typeorm";
import type { Database } from "../../db/database.js";
import { VideoroomToken } from "./videoroom-token.entity.js";

/**
 * The user's token for the room (the same one on every fetch, renewed), or a new one for anonymous
 * viewers (user_id NULL never conflicts). One statement, so concurrent first fetches agree on one token.
 */
export async function issueTokenRow(
  db: Database,
  input: { roomId: string; userId: string | null; canPublish: boolean; expiresAt: Date },
): Promise<Pick<VideoroomToken, "token" | "canPublish" | "expiresAt">> {
  const candidate = `vr-${randomBytes(24).toString("base64url")}`;
  const rows: Array<{ token: string; can_publish: boolean; expires_at: Date }> = await db.run((manager) =>
    manager.query(
      `INSERT INTO videoroom_tokens (token, room_id, user_id, can_publish, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (room_id, user_id) DO UPDATE SET can_publish = EXCLUDED.can_publish, expires_at = EXCLUDED.expires_at,
         -- An expired token may be mid-sweep (already out of Janus): renewing hands out a new one instead.
         token = CASE WHEN videoroom_tokens.expires_at <= now() THEN EXCLUDED.token ELSE videoroom_tokens.token END
       RETURNING token, can_publish, expires_at`,
      [candidate, input.roomId, input.userId, input.canPublish, input.expiresAt],
    ),
  );
  const row = rows[0]!;
  return { token: row.token, canPublish: row.can_publish, expiresAt: new Date(row.expires_at) };
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

/**
 * Deletes swept rows, but only those still holding the token the sweep removed from Janus: a row
 * renewed meanwhile carries a new token and stays.
 */
export async function deleteSweptTokenRows(db: Database, rows: Array<Pick<VideoroomToken, "id" | "token">>): Promise<void> {
  if (rows.length === 0) return;
  await db.run((manager) =>
    manager.query(`DELETE FROM videoroom_tokens WHERE (id, token) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`, [
      rows.map((row) => row.id),
      rows.map((row) => row.token),
    ]),
  );
}

export async function deleteTokenRowByToken(db: Database, token: string): Promise<void> {
  await db.run((manager) => manager.delete(VideoroomToken, { token }));
}

export async function setCanPublishByToken(db: Database, token: string, canPublish: boolean): Promise<void> {
  await db.run((manager) => manager.update(VideoroomToken, { token }, { canPublish }));
}

export async function setCanPublish(db: Database, ids: string[], canPublish: boolean): Promise<void> {
  if (ids.length > 0) await db.run((manager) => manager.update(VideoroomToken, { id: In(ids) }, { canPublish }));
}
