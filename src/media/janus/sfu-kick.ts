// janus-plugin-sfu kicks: {"kind":"kick","room_id","user_id","token"} sent as a message on a handle
// attached to janus.plugin.sfu, with a PermsToken carrying kick_users. The plugin answers every
// kick alike (it cannot say whether the user was there), so what is counted is kicks Janus took.
import type { PermsTokenSigner } from "../../tokens/perms-token.js";
import { JANUS_CORE, isJanusError } from "./janus-errors.js";
import type { JanusControl } from "./videoroom-control.js";

export const SFU_PLUGIN = "janus.plugin.sfu";
/** The `sub` of roomkey's own kick tokens. */
export const ROOMKEY_SUBJECT = "roomkey";

export async function sendSfuKicks(
  control: JanusControl,
  signer: PermsTokenSigner,
  target: { roomSlug: string; clientIds: string[] },
): Promise<number> {
  if (target.clientIds.length === 0) return 0;
  const { token } = await signer.sign({ subject: ROOMKEY_SUBJECT, roomSlug: target.roomSlug, canModerate: true });
  try {
    return await control.withHandle(SFU_PLUGIN, async (handle) => {
      for (const clientId of target.clientIds) {
        await handle.message({ kind: "kick", room_id: target.roomSlug, user_id: clientId, token });
      }
      return target.clientIds.length;
    });
  } catch (error) {
    // This Janus has no janus-plugin-sfu: there are no SFU sessions here to drop.
    if (isJanusError(error, JANUS_CORE.PLUGIN_NOT_FOUND)) return 0;
    throw error;
  }
}
