// Loads the facts of an entry decision in one query and applies decideEntry. Shared by every
// media credential (janus-plugin-sfu tokens, Jitsi, ...).
import type { Database, LookupStatement } from "../db/database.js";
import { DomainError, notFound } from "../errors.js";
import { decideEntry, type Entry } from "./entry.js";
import { CLIENT_STAMP_FRESH_SECONDS } from "./room-clients.js";
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
  /** True when the caller's `clientId` was remembered recently enough that writing it again would change nothing. */
  clientStampFresh: boolean;
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
  client_stamp_fresh: boolean;
}

// Read fresh on every request (no cache): a ban, role change or entry-mode change made through any
// instance decides the very next entry.
const ENTRY_FACTS_COLUMNS = `r.id, r.slug, r.name, r.entry_mode, r.allow_anonymous, r.default_role, m.role, (b.id IS NOT NULL) AS banned,
  coalesce(c.last_token_at > now() - interval '${CLIENT_STAMP_FRESH_SECONDS} seconds', false) AS client_stamp_fresh`;
const entryFactsFrom = (slug: string, userId: string, clientId: string) => `
  FROM rooms r
  LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ${userId}
  LEFT JOIN room_bans b ON b.room_id = r.id AND b.user_id = ${userId}
  LEFT JOIN room_clients c ON c.room_id = r.id AND c.user_id = ${userId} AND c.client_id = ${clientId}
  WHERE r.slug = ${slug}`;

/** The facts for one (slug $1, user $2, client id $3). */
export const ENTRY_FACTS_SQL = `SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom("$1", "$2", "$3")}`;

/**
 * The facts for many keys at once ($1 text[], $2 uuid[], $3 text[]): row `i` answers the i-th key.
 * LATERAL … LIMIT 1 keeps each key's lookups index scans whatever the batch size.
 */
export const ENTRY_FACTS_BATCH_SQL = `
  SELECT k.i::int AS i, facts.*
  FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS k(slug, user_id, client_id, i)
  CROSS JOIN LATERAL (SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom("k.slug", "k.user_id", "k.client_id")} LIMIT 1) facts`;

interface EntryKey {
  slug: string;
  userId: string | null;
  clientId: string | null;
}

const ENTRY_FACTS: LookupStatement<EntryKey> = {
  one: { name: "roomkey_entry_facts_v1", text: ENTRY_FACTS_SQL },
  many: { name: "roomkey_entry_facts_batch_v1", text: ENTRY_FACTS_BATCH_SQL },
  values: (key) => [key.slug, key.userId, key.clientId],
};

/**
 * Admits the caller or throws the denial (NOT_FOUND, BANNED, ROOM_CLOSED, UNAUTHENTICATED, FORBIDDEN).
 * One prepared statement, shared by the requests that arrive together; with a `clientId` it also
 * tells whether that client's stamp is fresh.
 */
export async function admitCaller(db: Database, slug: string, actor: Actor | null, clientId: string | null = null): Promise<Admission> {
  const row = isValidSlug(slug) ? await db.lookup<EntryKey, EntryRow>(ENTRY_FACTS, { slug, userId: actor?.id ?? null, clientId: actor ? clientId : null }) : null;
  if (!row) throw notFound("Room");
  const decision = decideEntry({
    room: { entryMode: row.entry_mode, allowAnonymous: row.allow_anonymous, defaultRole: row.default_role },
    role: row.role,
    banned: row.banned,
    isAuthenticated: actor !== null,
    isAdmin: actor?.isAdmin ?? false,
  });
  if (!decision.allowed) throw new DomainError(decision.code, decision.message);
  return { room: { id: row.id, slug: row.slug, name: row.name }, entry: decision, clientStampFresh: row.client_stamp_fresh };
}

export { rememberClient } from "./room-clients.js";
