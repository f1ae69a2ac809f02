// Kicks and role changes at Janus (the LiveSessionKicker seam), and the sweeper that removes
// expired VideoRoom tokens (Janus never expires stored tokens by itself).
import { mayPublishInVideoroom } from "./publish-rights.js";
import type { Database } from "../../db/database.js";
import type { Logger } from "../../logger.js";
import { decideEntry } from "../../rooms/entry.js";
import type { KickTarget, LiveSessionKicker, RoleChangeTarget } from "../../rooms/live-sessions.js";
import type { EntryMode, RoomRole } from "../../rooms/room-role.js";
import type { PermsTokenSigner } from "../../tokens/perms-token.js";
import type { JanusMedia } from "./janus-media.js";
import { sendSfuKicks } from "./sfu-kick.js";
import type { JanusHandle } from "./janus-client.js";
import { VIDEOROOM_PLUGIN, type JanusControl, type VideoroomRef } from "./videoroom-control.js";
import type { VideoroomToken } from "./videoroom-token.entity.js";
import { deleteTokenRows, setCanPublish, staleTokens, tokensOfUser, deleteSweptTokenRows } from "./videoroom-tokens.js";

const SWEEP_BATCH = 200;

export class JanusLiveSessions implements LiveSessionKicker {
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly janus: JanusMedia,
    private readonly signer: PermsTokenSigner,
    private readonly logger: Pick<Logger, "warn">,
  ) {}

  /**
   * Revokes first (out of `allowed`, out of Janus core: no rejoin), then drops what is live: the
   * user's VideoRoom participants are kicked and their Janus sessions destroyed, and every SFU client
   * id they joined with gets a janus-plugin-sfu kick. Every step tolerates "already done", so a retry is safe.
   */
  async disconnect(target: KickTarget): Promise<number> {
    const rows = await tokensOfUser(this.db, target.roomId, target.userId);
    const tokens = new Set(rows.map((row) => row.token));
    let dropped = 0;
    if (tokens.size > 0) {
      if (target.videoroom) await this.withVideoroom((control, handle) => control.setAllowed(handle, target.videoroom!, "remove", [...tokens]));
      for (const token of tokens) await this.janus.admin.removeToken(token);
      dropped += await this.dropSessions(tokens, target.videoroom);
      await deleteTokenRows(this.db, rows.map((row) => row.id));
    }
    dropped += await sendSfuKicks(this.janus.control, this.signer, target);
    return dropped;
  }

  /** Brings `allowed` (and who holds a token at all) in line with the room's stored roles and rules. */
  async rolesChanged(target: RoleChangeTarget): Promise<void> {
    const facts = await this.loadFacts(target);
    if (!facts.room || facts.room.videoroomId !== target.videoroom?.id) {
      // The room or its VideoRoom is gone: destroy the old VideoRoom and take its tokens out of Janus.
      if (target.videoroom) await this.withVideoroom((control, handle) => control.destroyRoom(handle, target.videoroom!));
      await this.revoke(facts.tokens);
      await this.sweep();
      return;
    }
    if (facts.tokens.length === 0) return; // nobody in this room holds a VideoRoom token: nothing to change at Janus
    const videoroom = target.videoroom!;
    const allow: TokenFacts[] = [];
    const deny: TokenFacts[] = [];
    const revoked: TokenFacts[] = [];
    for (const token of facts.tokens) {
      const entry = decideEntry({
        room: facts.room,
        role: token.role,
        banned: token.banned,
        isAuthenticated: token.user_id !== null,
        isAdmin: token.is_admin ?? false,
      });
      if (!entry.allowed) revoked.push(token);
      else (mayPublishInVideoroom(entry) ? allow : deny).push(token);
    }
    await this.withVideoroom(async (control, handle) => {
      await control.setAllowed(handle, videoroom, "add", allow.map((token) => token.token));
      await control.setAllowed(handle, videoroom, "remove", [...deny, ...revoked].map((token) => token.token));
    });
    await setCanPublish(this.db, allow.filter((token) => !token.can_publish).map((token) => token.id), true);
    await setCanPublish(this.db, deny.filter((token) => token.can_publish).map((token) => token.id), false);
    await this.revoke(revoked); // lost entry altogether (e.g. role removed in a MEMBERS room)
  }

  /** Removes expired tokens (and those of deleted rooms) from `allowed` and Janus core. Returns how many. */
  async sweep(now: Date = new Date()): Promise<number> {
    const stale = await staleTokens(this.db, now, SWEEP_BATCH);
    if (stale.length === 0) return 0;
    const byRoom = await this.videoroomsOf(stale);
    if (byRoom.size > 0) await this.withVideoroom(async (control, handle) => {
      for (const [roomId, videoroom] of byRoom) {
        await control.setAllowed(handle, videoroom, "remove", stale.filter((row) => row.roomId === roomId).map((row) => row.token));
      }
    });
    for (const row of stale) await this.janus.admin.removeToken(row.token);
    await deleteSweptTokenRows(this.db, stale);
    return stale.length;
  }

  startSweeper(intervalSeconds: number): void {
    this.sweepTimer ??= setInterval(() => {
      // One sweep at a time; stopSweeper waits for the one in flight before the database closes.
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, "janus: token sweep failed; will retry"))
        .then(() => undefined)
        .finally(() => (this.sweeping = undefined));
    }, intervalSeconds * 1000);
    this.sweepTimer.unref();
  }

  async stopSweeper(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.sweeping;
  }

  /** Kicks the VideoRoom participants behind these tokens and destroys their Janus sessions; returns sessions dropped. */
  private async dropSessions(tokens: Set<string>, videoroom: VideoroomRef | null): Promise<number> {
    const handles = (await this.janus.admin.listAllHandles()).filter((handle) => handle.token !== null && tokens.has(handle.token));
    if (handles.length === 0) return 0;
    const participants = handles.filter((handle) => videoroom && handle.plugin === VIDEOROOM_PLUGIN && handle.videoroom.room === videoroom.id && handle.videoroom.participantId !== null);
    if (participants.length > 0 && videoroom) {
      // A VideoRoom kick tells the other participants the person was kicked, not that they left.
      await this.withVideoroom(async (control, handle) => {
        for (const participant of participants) await control.kick(handle, videoroom, participant.videoroom.participantId!);
      });
    }
    let dropped = 0;
    for (const sessionId of new Set(handles.map((handle) => handle.sessionId))) {
      if (await this.janus.admin.destroySession(sessionId)) dropped++;
    }
    return dropped;
  }

  private async revoke(tokens: Array<{ id: string; token: string }>): Promise<void> {
    for (const token of tokens) await this.janus.admin.removeToken(token.token);
    await deleteTokenRows(this.db, tokens.map((token) => token.id));
  }

  private withVideoroom<T>(work: (control: JanusControl, handle: JanusHandle) => Promise<T>): Promise<T> {
    return this.janus.control.withHandle(VIDEOROOM_PLUGIN, (handle) => work(this.janus.control, handle));
  }

  private async videoroomsOf(rows: VideoroomToken[]): Promise<Map<string, VideoroomRef>> {
    const roomIds = [...new Set(rows.map((row) => row.roomId).filter((id): id is string => id !== null))];
    if (roomIds.length === 0) return new Map();
    const found: Array<{ id: string; videoroom_id: number | null; videoroom_secret: string | null }> = await this.db.run((manager) =>
      manager.query(`SELECT id, videoroom_id, videoroom_secret FROM rooms WHERE id = ANY($1::uuid[])`, [roomIds]),
    );
    return new Map(found.filter((room) => room.videoroom_id && room.videoroom_secret).map((room) => [room.id, { id: room.videoroom_id!, secret: room.videoroom_secret! }]));
  }

  private async loadFacts(target: RoleChangeTarget): Promise<{ room: RoomFacts | null; tokens: TokenFacts[] }> {
    return this.db.run(async (manager) => {
      const rooms: Array<{ entry_mode: EntryMode; allow_anonymous: boolean; default_role: RoomRole; videoroom_id: number | null }> = await manager.query(
        `SELECT entry_mode, allow_anonymous, default_role, videoroom_id FROM rooms WHERE id = $1`,
        [target.roomId],
      );
      const tokens: TokenFacts[] = await manager.query(
        `SELECT t.id, t.token, t.user_id, t.can_publish, m.role, (b.id IS NOT NULL) AS banned, u.is_admin
         FROM videoroom_tokens t
         LEFT JOIN users u ON u.id = t.user_id
         LEFT JOIN room_members m ON m.room_id = t.room_id AND m.user_id = t.user_id
         LEFT JOIN room_bans b ON b.room_id = t.room_id AND b.user_id = t.user_id
         WHERE t.room_id = $1 AND ($2::uuid IS NULL OR t.user_id = $2::uuid)`,
        [target.roomId, target.userId],
      );
      const room = rooms[0];
      return {
        room: room
          ? { entryMode: room.entry_mode, allowAnonymous: room.allow_anonymous, defaultRole: room.default_role, videoroomId: room.videoroom_id }
          : null,
        tokens,
      };
    });
  }
}

interface RoomFacts {
  entryMode: EntryMode;
  allowAnonymous: boolean;
  defaultRole: RoomRole;
  videoroomId: number | null;
}

interface TokenFacts {
  id: string;
  token: string;
  user_id: string | null;
  can_publish: boolean;
  role: RoomRole | null;
  banned: boolean;
  is_admin: boolean | null;
}
