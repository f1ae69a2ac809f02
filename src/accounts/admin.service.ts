// What admins do with accounts: list users, grant and revoke admin rights.
import type { EntityManager } from "typeorm";
import { recordAudit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { containsPattern, keysetPage, type Page, type PageArgs } from "../db/keyset-page.js";
import { forbidden, notFound } from "../errors.js";
import { isUuid } from "../ids.js";
import { normalizeEmail } from "./email.js";
import { User } from "./user.entity.js";

type Caller = Pick<User, "id" | "isAdmin">;

/** Users newest first, optionally those whose email or display name contains `search`. Admins only. */
export function listUsers(db: Database, caller: Caller, args: PageArgs & { search?: string | null }): Promise<Page<User>> {
  if (!caller.isAdmin) throw forbidden("Only admins can list users");
  return db.run((manager) => {
    const query = manager.createQueryBuilder(User, "user");
    const search = args.search?.trim();
    if (search) query.where(`("user"."email" ILIKE :pattern OR "user"."display_name" ILIKE :pattern)`, { pattern: containsPattern(search) });
    return keysetPage(query, "user", args);
  });
}

/** Admins only. Returns the user as they are now. */
export async function setUserAdmin(db: Database, caller: Caller, userId: string, isAdmin: boolean): Promise<User> {
  if (!caller.isAdmin) throw forbidden("Only admins can grant or revoke admin rights");
  return db.transaction(async (manager) => {
    const user = isUuid(userId) ? await manager.findOneBy(User, { id: userId }) : null;
    if (!user) throw notFound("User");
    return applyAdmin(manager, user, isAdmin, { actorId: caller.id, source: "setUserAdmin" });
  });
}

/** `npm run users:make-admin`: by email, from the command line. */
export async function setAdminByEmail(db: Database, email: string, isAdmin: boolean): Promise<User> {
  return db.transaction(async (manager) => {
    const user = await manager.findOneBy(User, { email: normalizeEmail(email) });
    if (!user) throw notFound("User");
    return applyAdmin(manager, user, isAdmin, { actorId: null, source: "command line" });
  });
}

/** Who changed an admin flag: a person (setUserAdmin), or nobody (actorId null) for the command line and ADMIN_EMAILS. */
export interface AdminChangeSource {
  actorId: string | null;
  source: "setUserAdmin" | "command line" | "ADMIN_EMAILS";
}

/** Sets the flag when it changes, and audits the change in the same transaction. */
export async function applyAdmin(manager: EntityManager, user: User, isAdmin: boolean, by: AdminChangeSource): Promise<User> {
  if (user.isAdmin === isAdmin) return user;
  await manager.update(User, { id: user.id }, { isAdmin });
  user.isAdmin = isAdmin;
  await recordAudit(manager, { action: isAdmin ? "ADMIN_GRANTED" : "ADMIN_REVOKED", actorId: by.actorId, targetUserId: user.id, details: { source: by.source } });
  return user;
}
