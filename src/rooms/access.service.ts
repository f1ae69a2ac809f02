// Loads the facts of an entry decision in one query and applies decideEntry. Shared by every
// media credential (janus-plugin-sfu tokens, Jitsi, ...).
import type { Database } from "../db/database.js";
import { DomainError, notFound } from "../errors.js";
import { decideEntry, type Entry } from "./entry.js";
import { RoomClient } from "./room-client.entity.js";
import type { EntryMode, RoomRole } from "./room-role.js";
import { isValidSlug } from "./slug.js";
import type { Actor } from "./rooms.service.js";

export interface AdmittedRoom {
  id: string;
  slug: string;
  name: string;
}

export interface Admission {
  room: AdmittedRoom;
  entry: Entry;
}

interface EntryRow {
  id: string;
  slug: string;
  name: string;
  entry_mode: EntryMode;
  allow_anonymous: boolean;
  default_role: RoomRole;
  role: RoomRole | null;
  banned: boolean;
}

const ENTRY_FACTS_SQL = `
  SELECT r.id, r.slug, r.name, r.entry_mode, r.allow_anonymous, r.default_role, m.role, (b.id IS NOT NULL) AS banned
  FROM rooms r
  LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
  LEFT JOIN room_bans b ON b.room_id = r.id AND b.user_id = $2
  WHERE r.slug = $1`;

/** Admits the caller or throws the denial (NOT_FOUND, BANNED, ROOM_CLOSED, UNAUTHENTICATED, FORBIDDEN). */
export async function admitCaller(db: Database, slug: string, actor: Actor | null): Promise<Admission> {
  const rows: EntryRow[] = isValidSlug(slug) ? await db.run((manager) => manager.query(ENTRY_FACTS_SQL, [slug, actor?.id ?? null])) : [];
  const row = rows[0];
  if (!row) throw notFound("Room");
  const decision = decideEntry({
    room: { entryMode: row.entry_mode, allowAnonymous: row.allow_anonymous, defaultRole: row.default_role },
    role: row.role,
    banned: row.banned,
    isAuthenticated: actor !== null,
    isAdmin: actor?.isAdmin ?? false,
  });
  if (!decision.allowed) throw new DomainError(decision.code, decision.message);
  return { room: { id: row.id, slug: row.slug, name: row.name }, entry: decision };
}

/** Remembers the SFU client id a user joins with, so a later kick can reach that session. */
export async function rememberClient(db: Database, input: { roomId: string; userId: string; clientId: string }): Promise<void> {
  await db.run((manager) =>
    manager.upsert(RoomClient, { ...input, lastTokenAt: new Date() }, ["roomId", "userId", "clientId"]),
  );
}
