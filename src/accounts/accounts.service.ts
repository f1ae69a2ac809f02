// The accounts context: users, passwords and sessions (the phx_gen_auth feature set).
import { LessThan, type EntityManager } from "typeorm";
import type { Database } from "../db/database.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import { isUuid } from "../ids.js";
import { badInput, conflict, notFound, unauthenticated } from "../errors.js";
import { applyAdmin } from "./admin.service.js";
import { normalizeEmail } from "./email.js";
import type { AuthThrottle } from "./auth-throttle.js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords.js";
import { generateSessionToken, hashSessionToken } from "./session-tokens.js";
import { UserSession } from "./user-session.entity.js";
import { User } from "./user.entity.js";

export interface SessionGrant {
  token: string;
  user: User;
  expiresAt: Date;
}

export interface SessionOptions {
  sessionTtlDays: number;
  /** Emails named admins by the deployment (ADMIN_EMAILS): they become admins on register and log-in. */
  adminEmails: readonly string[];
}

const DAY_MS = 86_400_000;

export async function registerUser(
  db: Database,
  attrs: { email: string; password: string; displayName?: string | null; clientIp: string },
  options: SessionOptions & { throttle: AuthThrottle },
): Promise<SessionGrant> {
  const email = normalizeEmail(attrs.email);
  checkPassword(attrs.password);
  await options.throttle.recordAttempt(attrs.clientIp);
  const passwordHash = await hashPassword(attrs.password); // hash outside the transaction: it is slow
  const displayName = attrs.displayName?.trim() || null;
  try {
    return await db.transaction(async (manager) => {
      const user = await manager.save(manager.create(User, { email, passwordHash, displayName, isAdmin: false }));
      if (options.adminEmails.includes(email)) await applyAdmin(manager, user, true, { actorId: null, source: "ADMIN_EMAILS" });
      return insertSession(manager, user, options);
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw conflict("email", "An account with this email already exists");
    throw error;
  }
}

/**
 * Same error and about the same time for an unknown email and a wrong password; too many
 * failures for one (address, email) pair or for one email, or attempts from one address, answer
 * RATE_LIMITED without checking the password.
 */
export async function logIn(
  db: Database,
  attrs: { email: string; password: string; clientIp: string },
  options: SessionOptions & { throttle: AuthThrottle },
): Promise<SessionGrant> {
  const email = normalizeEmail(attrs.email);
  const { throttle } = options;
  await throttle.recordAttempt(attrs.clientIp);
  await throttle.beginLogin(attrs.clientIp, email); // counted as a failure until the password proves right
  let user: User | null, valid: boolean;
  try {
    user = await db.run((manager) => manager.findOneBy(User, { email }));
    valid = user ? await verifyPassword(user.passwordHash, attrs.password) : await verifyAgainstDummy(attrs.password);
  } catch (error) {
    // Our fault (e.g. the database is down), not a wrong password: it must not count as a failure.
    await throttle.refundLogin(attrs.clientIp, email).catch(() => undefined);
    throw error;
  }
  if (!user || !valid) throw unauthenticated("Invalid email or password");
  await throttle.refundLogin(attrs.clientIp, email);
  return db.transaction(async (manager) => {
    if (options.adminEmails.includes(email)) await applyAdmin(manager, user, true, { actorId: null, source: "ADMIN_EMAILS" });
    return insertSession(manager, user, options);
  });
}

export { findUserBySessionToken } from "./session-lookup.js";

export async function deleteSession(db: Database, token: string): Promise<boolean> {
  const result = await db.run((manager) => manager.delete(UserSession, { tokenHash: hashSessionToken(token) }));
  return (result.affected ?? 0) > 0;
}

export async function deleteAllSessions(db: Database, userId: string): Promise<number> {
  const result = await db.run((manager) => manager.delete(UserSession, { userId }));
  return result.affected ?? 0;
}

/** Deletes every expired session (any user); returns how many. Run periodically by the session sweeper. */
export async function deleteExpiredSessions(db: Database): Promise<number> {
  const result = await db.run((manager) => manager.delete(UserSession, { expiresAt: LessThan(new Date()) }));
  return result.affected ?? 0;
}

export async function getUser(db: Database, id: string): Promise<User> {
  const user = isUuid(id) ? await db.run((manager) => manager.findOneBy(User, { id })) : null;
  if (!user) throw notFound("User");
  return user;
}

async function insertSession(manager: EntityManager, user: User, options: SessionOptions): Promise<SessionGrant> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + options.sessionTtlDays * DAY_MS);
  await manager.insert(UserSession, { tokenHash: hashSessionToken(token), userId: user.id, expiresAt });
  // Expired sessions are useless; sweep the user's own on each sign-in so the table cannot grow without bound.
  await manager.delete(UserSession, { userId: user.id, expiresAt: LessThan(new Date()) });
  return { token, user, expiresAt };
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw badInput("password", `Password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
}
