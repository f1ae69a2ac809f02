// The session lookup every authenticated request makes: one prepared statement, no query builder,
// shared by the requests that arrive together (Database.lookup). Nothing is cached, so a logOut
// (the row is deleted) or an admin change made through any instance is seen by the very next request.
import type { Database, LookupStatement } from "../db/database.js";
import { unseenParam } from "../db/generic-plan.js";
import { hashSessionToken, looksLikeSessionToken } from "./session-tokens.js";
import { User } from "./user.entity.js";

const USER_COLUMNS = "u.id, u.email, u.password_hash, u.display_name, u.is_admin, u.created_at, u.updated_at";

/** The user behind one token hash ($1, bytea). */
export const SESSION_USER_SQL = `
  SELECT ${USER_COLUMNS}
  FROM user_sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = ${unseenParam(1, "bytea")} AND s.expires_at > now()`;

/**
 * The users behind many token hashes at once ($1, bytea[]): row `i` answers the i-th hash. Each
 * hash is looked up by itself (LATERAL … LIMIT 1 keeps the per-key index scan whatever the batch size).
 */
export const SESSION_USERS_SQL = `
  SELECT k.i::int AS i, found.*
  FROM unnest(${unseenParam(1, "bytea[]")}) WITH ORDINALITY AS k(token_hash, i)
  CROSS JOIN LATERAL (
    SELECT ${USER_COLUMNS}
    FROM user_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = k.token_hash AND s.expires_at > now()
    LIMIT 1
  ) found`;

export const SESSION_USER: LookupStatement<Buffer> = {
  one: { name: "roomkey_session_user_v1", text: SESSION_USER_SQL },
  many: { name: "roomkey_session_users_v1", text: SESSION_USERS_SQL },
  values: (tokenHash) => [tokenHash],
};

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string | null;
  is_admin: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The user behind a bearer token, or null when the token is malformed, unknown or expired. */
export async function findUserBySessionToken(db: Database, token: string): Promise<User | null> {
  if (!looksLikeSessionToken(token)) return null;
  const row = await db.lookup<Buffer, UserRow>(SESSION_USER, hashSessionToken(token));
  return row ? toUser(row) : null;
}

function toUser(row: UserRow): User {
  const user = new User();
  user.id = row.id;
  user.email = row.email;
  user.passwordHash = row.password_hash;
  user.displayName = row.display_name;
  user.isAdmin = row.is_admin;
  user.createdAt = row.created_at;
  user.updatedAt = row.updated_at;
  return user;
}
