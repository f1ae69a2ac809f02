// Stored tokens for admin dashboards: Janus's own list (list_tokens), add_token and remove_token.
import { createHash } from "node:crypto";
import { recordAudit } from "../../audit/audit.service.js";
import type { Database } from "../../db/database.js";
import { forbidden, badInput } from "../../errors.js";
import type { Actor } from "../../rooms/rooms.service.js";
import type { StoredToken } from "./janus-admin.js";
import type { JanusMedia } from "./janus-media.js";
import { janusNotConfigured, upstream } from "./upstream.js";

export const JANUS_TOKEN_MAX = 200;
const PLUGIN_NAME = /^[a-z0-9_.-]{1,100}$/i;

export async function listJanusTokens(janus: JanusMedia | undefined, actor: Actor): Promise<StoredToken[]> {
  const admin = requireAdminAndJanus(janus, actor);
  return upstream(() => admin.listTokens());
}

export async function addJanusToken(
  deps: { db: Database; janus: JanusMedia | undefined },
  actor: Actor,
  token: string,
  plugins: string[] | null | undefined,
): Promise<StoredToken> {
  if (!/^[\x21-\x7e]+$/.test(token) || token.length > JANUS_TOKEN_MAX) {
    throw badInput("token", `token must be 1 to ${JANUS_TOKEN_MAX} printable characters without spaces`);
  }
  if (plugins && plugins.some((plugin) => !PLUGIN_NAME.test(plugin))) throw badInput("plugins", "plugins must be plugin package names such as janus.plugin.videoroom");
  const admin = requireAdminAndJanus(deps.janus, actor);
  const stored = await upstream(() => admin.addToken(token, plugins && plugins.length > 0 ? plugins : undefined));
  await auditJanusToken(deps.db, actor, "JANUS_TOKEN_ADDED", token, { plugins: stored.plugins });
  return stored;
}

/** False when Janus did not have the token. */
export async function removeJanusToken(deps: { db: Database; janus: JanusMedia | undefined }, actor: Actor, token: string): Promise<boolean> {
  const admin = requireAdminAndJanus(deps.janus, actor);
  const removed = await upstream(() => admin.removeToken(token));
  if (removed) await auditJanusToken(deps.db, actor, "JANUS_TOKEN_REMOVED", token, {});
  return removed;
}

/**
 * Janus holds the token, not roomkey's database, so the row is written once Janus has confirmed
 * (a refused or failed call leaves none). The token is a credential: only a fingerprint is kept.
 */
async function auditJanusToken(db: Database, actor: Actor, action: "JANUS_TOKEN_ADDED" | "JANUS_TOKEN_REMOVED", token: string, details: Record<string, unknown>) {
  const fingerprint = createHash("sha256").update(token).digest("hex").slice(0, 16);
  await db.transaction((manager) => recordAudit(manager, { action, actorId: actor.id, details: { tokenSha256Prefix: fingerprint, ...details } }));
}

function requireAdminAndJanus(janus: JanusMedia | undefined, actor: Actor) {
  if (!actor.isAdmin) throw forbidden("Only admins can manage Janus tokens");
  if (!janus) throw janusNotConfigured();
  return janus.admin;
}
