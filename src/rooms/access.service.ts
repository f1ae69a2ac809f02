// Loads the facts of an entry decision in one query and applies decideEntry. Shared by every
// media credential (janus-plugin-sfu tokens, Jitsi, ...).
import type { Database, LookupStatement } from "../db/database.js";
import { unseenParam } from "../db/generic-plan.js";
import { DomainError, notFound } from "../errors.js";
import { decideEntry, type Entry } from "./entry.js";
import { CLIENT_STAMP_FRESH_SECONDS } from "./room-clients.js";
import type { EntryMode, RoomRole } from "./room-role.js";
import { isValidSlug } from "./slug.js";
import { hashSessionToken, looksLikeSessionToken } from "../accounts/session-tokens.js";
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

export interface EntryRow {
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
// instance decides the very next entry. The lookups' parameters reach the planner as unseenParams,
// so each lookup runs its generic plan instead of being planned again per request.
const ENTRY_FACTS_COLUMNS = `r.id, r.slug, r.name, r.entry_mode, r.allow_anonymous, r.default_role, m.role, (b.id IS NOT NULL) AS banned,
  coalesce(c.last_token_at > now() - interval '${CLIENT_STAMP_FRESH_SECONDS} seconds', false) AS client_stamp_fresh`;
const entryFactsFrom = (slug: string, userId: string, clientId: string) => `
  FROM rooms r
  LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ${userId}
  LEFT JOIN room_bans b ON b.room_id = r.id AND b.user_id = ${userId}
  LEFT JOIN room_clients c ON c.room_id = r.id AND c.user_id = ${userId} AND c.client_id = ${clientId}
  WHERE r.slug = ${slug}`;

/** The facts for one (slug $1, user $2, client id $3). */
export const ENTRY_FACTS_SQL = `SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom(unseenParam(1, "varchar"), unseenParam(2, "uuid"), unseenParam(3, "varchar"))}`;

/**
 * The facts for many keys at once ($1 text[], $2 uuid[], $3 text[]): row `i` answers the i-th key.
 * LATERAL … LIMIT 1 keeps each key's lookups index scans whatever the batch size.
 */
export const ENTRY_FACTS_BATCH_SQL = `
  SELECT k.i::int AS i, facts.*
  FROM unnest(${unseenParam(1, "text[]")}, ${unseenParam(2, "uuid[]")}, ${unseenParam(3, "text[]")}) WITH ORDINALITY AS k(slug, user_id, client_id, i)
  CROSS JOIN LATERAL (SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom("k.slug", "k.user_id", "k.client_id")} LIMIT 1) facts`;

export interface EntryKey {
  slug: string;
  userId: string | null;
  clientId: string | null;
}

export const ENTRY_FACTS: LookupStatement<EntryKey> = {
  one: { name: "roomkey_entry_facts_v1", text: ENTRY_FACTS_SQL },
  many: { name: "roomkey_entry_facts_batch_v1", text: ENTRY_FACTS_BATCH_SQL },
  values: (key) => [key.slug, key.userId, key.clientId],
};

// The signed-in caller's session and the entry facts in one statement: the facts are joined on the
// user the session names. No row: the session is unknown or expired. A row whose room id is null:
// no room has that slug.
const SESSION_CALLER_COLUMNS = "u.id AS caller_id, u.is_admin AS caller_is_admin";
const sessionCallerFrom = (tokenHash: string) => `
  FROM user_sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = ${tokenHash} AND s.expires_at > now()`;

/** The session of token hash $1 (bytea) and the facts for (slug $2, client id $3). */
export const SESSION_ENTRY_FACTS_SQL = `
  SELECT caller.*, facts.*
  FROM (SELECT ${SESSION_CALLER_COLUMNS} ${sessionCallerFrom(unseenParam(1, "bytea"))}) caller
  LEFT JOIN LATERAL (SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom(unseenParam(2, "varchar"), "caller.caller_id", unseenParam(3, "varchar"))} LIMIT 1) facts ON true`;

/** The same for many keys at once ($1 bytea[], $2 text[], $3 text[]): row `i` answers the i-th key. */
export const SESSION_ENTRY_FACTS_BATCH_SQL = `
  SELECT k.i::int AS i, caller.*, facts.*
  FROM unnest(${unseenParam(1, "bytea[]")}, ${unseenParam(2, "text[]")}, ${unseenParam(3, "text[]")}) WITH ORDINALITY AS k(token_hash, slug, client_id, i)
  CROSS JOIN LATERAL (SELECT ${SESSION_CALLER_COLUMNS} ${sessionCallerFrom("k.token_hash")} LIMIT 1) caller
  LEFT JOIN LATERAL (SELECT ${ENTRY_FACTS_COLUMNS} ${entryFactsFrom("k.slug", "caller.caller_id", "k.client_id")} LIMIT 1) facts ON true`;

export interface SessionEntryKey {
  tokenHash: Buffer;
  slug: string | null;
  clientId: string | null;
}

export const SESSION_ENTRY_FACTS: LookupStatement<SessionEntryKey> = {
  one: { name: "roomkey_session_entry_facts_v1", text: SESSION_ENTRY_FACTS_SQL },
  many: { name: "roomkey_session_entry_facts_batch_v1", text: SESSION_ENTRY_FACTS_BATCH_SQL },
  values: (key) => [key.tokenHash, key.slug, key.clientId],
};

/** The facts' columns are all null when no room has the slug. */
interface SessionEntryRow extends Omit<EntryRow, "id"> {
  caller_id: string;
  caller_is_admin: boolean;
  id: string | null;
}

/** What one statement found for a session bearer and a room, before any decision. */
export interface SessionEntryFacts {
  /** Null when the session is unknown, expired or ended. */
  caller: Actor | null;
  /** Null when no room has the slug. */
  facts: EntryRow | null;
}

/**
 * Looks up the caller behind a session bearer and the facts of their entry in one statement,
 * shared by the requests that arrive together; decide with `admitFound`.
 */
export async function findSessionEntry(db: Database, sessionToken: string, slug: string, clientId: string | null): Promise<SessionEntryFacts> {
  if (!looksLikeSessionToken(sessionToken)) return { caller: null, facts: null };
  const row = await db.lookup<SessionEntryKey, SessionEntryRow>(SESSION_ENTRY_FACTS, {
    tokenHash: hashSessionToken(sessionToken),
    slug: isValidSlug(slug) ? slug : null,
    clientId,
  });
  if (!row) return { caller: null, facts: null };
  const { caller_id, caller_is_admin, ...facts } = row;
  return { caller: { id: caller_id, isAdmin: caller_is_admin }, facts: facts.id === null ? null : (facts as EntryRow) };
}

/**
 * Admits the caller or throws the denial (NOT_FOUND, BANNED, ROOM_CLOSED, UNAUTHENTICATED, FORBIDDEN).
 * One prepared statement, shared by the requests that arrive together; with a `clientId` it also
 * tells whether that client's stamp is fresh.
 */
export async function admitCaller(db: Database, slug: string, actor: Actor | null, clientId: string | null = null): Promise<Admission> {
  const row = isValidSlug(slug) ? await db.lookup<EntryKey, EntryRow>(ENTRY_FACTS, { slug, userId: actor?.id ?? null, clientId: actor ? clientId : null }) : null;
  return admitFound(row, actor);
}

/** The entry decision over facts already looked up (null: no such room); throws the denial. */
export function admitFound(row: EntryRow | null, actor: Actor | null): Admission {
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
