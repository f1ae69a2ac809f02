// roomkey's own control channel into Janus: a session authenticated with roomkey's control token
// (stored through the Admin API, re-stored when Janus forgot it) and the VideoRoom requests it sends.
import { createHmac } from "node:crypto";
import { JanusAdmin } from "./janus-admin.js";
import { JanusClient, type JanusHandle } from "./janus-client.js";
import { JANUS_CORE, VIDEOROOM, isJanusError } from "./janus-errors.js";

export const VIDEOROOM_PLUGIN = "janus.plugin.videoroom";
/** Publishers allowed at once in a roomkey VideoRoom (the plugin's default is 3). */
const MAX_PUBLISHERS = 16;

export interface VideoroomRef {
  id: number;
  secret: string;
}

export class JanusControl {
  /** Stable across restarts and instances (derived from the admin secret), so no stale control tokens pile up. */
  readonly controlToken: string;
  private controlTokenStored = false;

  constructor(
    readonly client: JanusClient,
    readonly admin: JanusAdmin,
    private readonly videoroomAdminKey: string | undefined,
  ) {
    this.controlToken = `roomkey-control-${createHmac("sha256", admin.options.secret).update("roomkey control token").digest("base64url").slice(0, 32)}`;
  }

  /** Runs `work` on a fresh handle attached to `plugin` in a control session, destroyed afterwards. */
  async withHandle<T>(plugin: string, work: (handle: JanusHandle) => Promise<T>): Promise<T> {
    if (!this.controlTokenStored) await this.storeControlToken();
    try {
      return await this.client.withSession(this.controlToken, async (session) => work(await session.attach(plugin)));
    } catch (error) {
      // Janus restarted (it forgets stored tokens) or an operator removed ours: store it again, once.
      if (!isJanusError(error, JANUS_CORE.UNAUTHORIZED)) throw error;
      await this.storeControlToken();
      return this.client.withSession(this.controlToken, async (session) => work(await session.attach(plugin)));
    }
  }

  /** Creates the VideoRoom unless it exists: private, with its secret and `allowed` on. True when it was created now. */
  async ensureRoom(handle: JanusHandle, room: VideoroomRef, allowed: string[], description: string): Promise<boolean> {
    try {
      await handle.message({
        request: "create",
        room: room.id,
        secret: room.secret,
        description,
        is_private: true,
        allowed,
        publishers: MAX_PUBLISHERS,
        ...(this.videoroomAdminKey ? { admin_key: this.videoroomAdminKey } : {}),
      });
      return true;
    } catch (error) {
      if (isJanusError(error, VIDEOROOM.ROOM_EXISTS)) return false;
      throw error;
    }
  }

  /** Adds tokens to or removes them from the room's `allowed` list (idempotent). False when the room does not exist. */
  async setAllowed(handle: JanusHandle, room: VideoroomRef, action: "add" | "remove", tokens: string[]): Promise<boolean> {
    if (tokens.length === 0) return true;
    try {
      await handle.message({ request: "allowed", room: room.id, secret: room.secret, action, allowed: tokens });
      return true;
    } catch (error) {
      if (isJanusError(error, VIDEOROOM.NO_SUCH_ROOM)) return false;
      throw error;
    }
  }

  async allowedList(handle: JanusHandle, room: VideoroomRef): Promise<string[]> {
    // roomkey's rooms always check `allowed`, so "enable" changes nothing and answers the current list.
    const data = await handle.message({ request: "allowed", room: room.id, secret: room.secret, action: "enable" });
    return (data.allowed as string[] | undefined) ?? [];
  }

  /** Kicks a participant; false when they had already left. */
  async kick(handle: JanusHandle, room: VideoroomRef, participantId: number): Promise<boolean> {
    try {
      await handle.message({ request: "kick", room: room.id, secret: room.secret, id: participantId });
      return true;
    } catch (error) {
      if (isJanusError(error, VIDEOROOM.NO_SUCH_FEED) || isJanusError(error, VIDEOROOM.NO_SUCH_ROOM)) return false;
      throw error;
    }
  }

  async destroyRoom(handle: JanusHandle, room: VideoroomRef): Promise<void> {
    try {
      await handle.message({ request: "destroy", room: room.id, secret: room.secret });
    } catch (error) {
      if (!isJanusError(error, VIDEOROOM.NO_SUCH_ROOM)) throw error;
    }
  }

  private async storeControlToken(): Promise<void> {
    await this.admin.addToken(this.controlToken); // every plugin: VideoRoom and janus-plugin-sfu
    this.controlTokenStored = true;
  }
}
