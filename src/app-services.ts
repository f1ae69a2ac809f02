import type { AuthThrottle } from "./accounts/auth-throttle.js";
import type { Config } from "./config.js";
import type { Database } from "./db/database.js";
import type { UsageBudgets } from "./limits/usage-budgets.js";
import type { Logger } from "./logger.js";
import type { JanusMedia } from "./media/janus/janus-media.js";
import type { MediaTaskRunner } from "./rooms/media-tasks.js";
import type { LiveSessionKicker } from "./rooms/moderation.service.js";
import type { PermsTokenSigner } from "./tokens/perms-token.js";

/** What the GraphQL layer and HTTP routes are handed: built once at start. */
export interface AppServices {
  config: Config;
  db: Database;
  logger: Logger;
  permsTokens: PermsTokenSigner;
  authThrottle: AuthThrottle;
  /** Per-user / per-address budgets for media credentials and room creation. */
  budgets: UsageBudgets;
  /** Drops live media sessions on kick; a no-op until a media server is configured. */
  liveSessions: LiveSessionKicker;
  /** Media-side work of kicks and role changes (the outbox), carried out through liveSessions. */
  mediaTasks: MediaTaskRunner;
  /** Undefined when Janus is not configured. */
  janus: JanusMedia | undefined;
}
