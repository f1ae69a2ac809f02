import type { Entry } from "../../rooms/entry.js";

/**
 * Who may publish in a Janus VideoRoom (whose token goes into `allowed`): members whose role may
 * publish. Anonymous viewers only ever watch there, whatever the room's default role, because a
 * token that names nobody cannot be held to account or kicked by user.
 */
export function mayPublishInVideoroom(entry: Pick<Entry, "canPublish" | "role">): boolean {
  return entry.canPublish && entry.role !== null;
}
