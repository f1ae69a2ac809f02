// The SFU client ids people join rooms with, remembered so a kick can reach their live sessions,
// and kept bounded.
//
// A client id matters while a session that joined with it could still be live. janus-plugin-sfu
// checks the token only when the session joins, so a session can outlive its token; the client
// refresher fetches a new token every ~4 minutes for as long as it stays in the room. So:
// - a row is refreshed (last_token_at) when a token is issued for it, but at most every
//   CLIENT_STAMP_FRESH_SECONDS: a refresh inside that window changes nothing worth a write;
// - a row is swept CLIENT_RETENTION_SECONDS after its token lifetime ended (6 hours after the last
//   token expired, give or take the fresh window): long past any plausible session that stopped refreshing;
// - each user keeps at most CLIENT_IDS_KEPT client ids per room, the most recently used.
import type { Database, Statement } from "../db/database.js";

export const CLIENT_IDS_KEPT = 20;
export const CLIENT_STAMP_FRESH_SECONDS = 10 * 60;
export const CLIENT_RETENTION_SECONDS = 6 * 3600;
/** How often each server process sweeps (every process may; the delete is idempotent). */
export const CLIENT_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Upserts the row, then trims the user's rows in the room to the CLIENT_IDS_KEPT most recent
 * (this one counts as the newest). One statement: one round trip, atomic.
 */
export const REMEMBER_CLIENT: Statement = {
  name: "roomkey_remember_client_v1",
  text: `
    WITH upserted AS (
      INSERT INTO room_clients (room_id, user_id, client_id, last_token_at) VALUES ($1, $2, $3, now())
      ON CONFLICT (room_id, user_id, client_id) DO UPDATE SET last_token_at = EXCLUDED.last_token_at
      RETURNING id
    )
    DELETE FROM room_clients WHERE id IN (
      SELECT id FROM room_clients
      WHERE room_id = $1 AND user_id = $2 AND client_id <> $3
      ORDER BY last_token_at DESC, id DESC
      OFFSET ${CLIENT_IDS_KEPT - 1}
    ) AND EXISTS (SELECT 1 FROM upserted)`,
};

const SWEEP_CLIENTS: Statement = {
  name: "roomkey_sweep_clients_v1",
  text: `WITH swept AS (DELETE FROM room_clients WHERE last_token_at < now() - make_interval(secs => $1::int) RETURNING 1)
         SELECT count(*)::int AS swept FROM swept`,
};

/** Remembers the SFU client id a user joins with, so a later kick can reach that session. */
export async function rememberClient(db: Database, input: { roomId: string; userId: string; clientId: string }): Promise<void> {
  await db.query(REMEMBER_CLIENT, [input.roomId, input.userId, input.clientId]);
}

/** Deletes the client ids whose last token expired more than the retention ago; returns how many. */
export async function sweepStaleClients(db: Database, options: { tokenTtlSeconds: number }): Promise<number> {
  const [row] = await db.query<{ swept: number }>(SWEEP_CLIENTS, [options.tokenTtlSeconds + CLIENT_RETENTION_SECONDS]);
  return row!.swept;
}

/** Sweeps now and then every CLIENT_SWEEP_INTERVAL_MS; returns the function that stops it. */
export function startClientSweeper(db: Database, options: { tokenTtlSeconds: number; onError: (error: unknown) => void }): () => void {
  const sweep = () => void sweepStaleClients(db, options).catch(options.onError);
  const timer = setInterval(sweep, CLIENT_SWEEP_INTERVAL_MS).unref();
  sweep();
  return () => clearInterval(timer);
}
