// videoroomAccess: the same entry decision as joinToken, translated into a token stored in Janus
// core (plugins: VideoRoom only) and, for those who may publish, added to the room's `allowed` list.
// Janus forgets stored tokens and non-permanent rooms when it restarts: whenever roomkey finds the
// VideoRoom missing it recreates it with every live token of the room.
import type { Database } from "../../db/database.js";
import { notFound } from "../../errors.js";
import { admitCaller } from "../../rooms/access.service.js";
import { Room } from "../../rooms/room.entity.js";
import type { Actor } from "../../rooms/rooms.service.js";
import { videoroomOf } from "../../rooms/videoroom.js";
import type { JanusMedia } from "./janus-media.js";
import { mayPublishInVideoroom } from "./publish-rights.js";
import { janusNotConfigured, upstream } from "./upstream.js";
import { VIDEOROOM_PLUGIN, type VideoroomRef } from "./videoroom-control.js";
import { deleteTokenRowByToken, issueTokenRow, liveTokensOfRoom, setCanPublishByToken } from "./videoroom-tokens.js";

export interface VideoroomAccess {
  janusUrl: string;
  room: number;
  token: string;
  pin: string | null;
  canPublish: boolean;
  expiresAt: Date;
}

export async function issueVideoroomAccess(
  deps: { db: Database; janus: JanusMedia | undefined },
  actor: Actor | null,
  roomSlug: string,
  now: Date = new Date(),
): Promise<VideoroomAccess> {
  const { db, janus } = deps;
  if (!janus) throw janusNotConfigured();
  const { room, entry } = await admitCaller(db, roomSlug, actor);
  const videoroom = await db.run(async (manager) => {
    const row = await manager.findOne(Room, { where: { id: room.id }, select: { id: true, videoroomId: true } });
    return row ? videoroomOf(manager, row) : null;
  });
  if (!videoroom) throw notFound("VideoRoom for this room");
  // The row first: every token roomkey puts in Janus is known here, so it can always be taken out again.
  const expiresAt = new Date(now.getTime() + janus.config.tokenTtlSeconds * 1000);
  const row = await issueTokenRow(db, { roomId: room.id, userId: actor?.id ?? null, canPublish: mayPublishInVideoroom(entry), expiresAt });
  await upstream(() => syncToken(deps.db, janus, { roomId: room.id, roomSlug: room.slug, videoroom }, row));
  // A kick or demotion that committed while this token was being stored may have done its
  // media-side work before the token existed: decide again, and undo what no longer holds.
  const recheck = await admitCaller(db, roomSlug, actor).catch((error: unknown) => error as Error);
  if (recheck instanceof Error) {
    await upstream(() => withdrawToken(db, janus, videoroom, row.token));
    throw recheck;
  }
  if (row.canPublish && !mayPublishInVideoroom(recheck.entry)) {
    await upstream(() => janus.control.withHandle(VIDEOROOM_PLUGIN, (handle) => janus.control.setAllowed(handle, videoroom, "remove", [row.token])));
    await setCanPublishByToken(db, row.token, false);
    return { janusUrl: janus.config.publicUrl, room: videoroom.id, token: row.token, pin: null, canPublish: false, expiresAt };
  }
  return { janusUrl: janus.config.publicUrl, room: videoroom.id, token: row.token, pin: null, canPublish: row.canPublish, expiresAt };
}

async function withdrawToken(db: Database, janus: JanusMedia, videoroom: VideoroomRef, token: string): Promise<void> {
  await janus.control.withHandle(VIDEOROOM_PLUGIN, (handle) => janus.control.setAllowed(handle, videoroom, "remove", [token]));
  await janus.admin.removeToken(token);
  await deleteTokenRowByToken(db, token);
}

async function syncToken(
  db: Database,
  janus: JanusMedia,
  room: { roomId: string; roomSlug: string; videoroom: VideoroomRef },
  row: { token: string; canPublish: boolean },
): Promise<void> {
  await janus.admin.addToken(row.token, [VIDEOROOM_PLUGIN]);
  await janus.control.withHandle(VIDEOROOM_PLUGIN, async (handle) => {
    const created = await janus.control.ensureRoom(handle, room.videoroom, row.canPublish ? [row.token] : [], room.roomSlug);
    if (created) {
      // A fresh VideoRoom (first use, or Janus restarted): restore every live token of the room.
      const tokens = (await liveTokensOfRoom(db, room.roomId)).filter((token) => token.expiresAt > new Date());
      for (const token of tokens) await janus.admin.addToken(token.token, [VIDEOROOM_PLUGIN]);
      await janus.control.setAllowed(handle, room.videoroom, "add", tokens.filter((token) => token.canPublish).map((token) => token.token));
    } else {
      await janus.control.setAllowed(handle, room.videoroom, row.canPublish ? "add" : "remove", [row.token]);
    }
  });
}
