// The session lookup every authenticated request makes: one prepared statement, one round trip,
// no query builder. Nothing is cached, so a logOut (the row is deleted) or an admin change made
// through any instance is seen by the very next request.
import type { Database, Statement } from "../db/database.js";
import { hashSessionToken, looksLikeSessionToken } from "./session-tokens.js";
import { User } from "./user.entity.js";

export const SESSION_USER_SQL = `
  SELECT u.id, u.email, u.password_hash, u.display_name, u.is_admin, u.created_at, u.updated_at
  FROM user_sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1 AND s.expires_at > now()`;

const SESSION_USER: Statement = { name: "roomkey_session_user_v1", text: SESSION_USER_SQL };

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
  const [row] = await db.query<UserRow>(SESSION_USER, [hashSessionToken(token)]);
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
