// jitsiAccess: the same entry decision as joinToken, translated into Jitsi Meet credentials
// (a Prosody token-plugin password and a Jitsi JWT).
import type { JitsiConfig } from "../../config.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { admitCaller } from "../../rooms/access.service.js";
import type { RoomRole } from "../../rooms/room-role.js";
import type { Actor } from "../../rooms/rooms.service.js";
import { signJitsiJwt } from "./jitsi-jwt.js";
import { meetingUrl } from "./meeting-url.js";
import { createProsodyToken } from "./prosody-token.js";
import { jitsiRoomName } from "./room-name.js";

export interface JitsiAccess {
  roomName: string;
  role: RoomRole | null;
  moderator: boolean;
  /** Prosody token plugin: the SASL PLAIN password, its parts and when the server stops accepting it. */
  password: string;
  token: string;
  ts: string;
  expiresAt: Date;
  jwt: string;
  jwtExpiresAt: Date;
  meetingUrl: string;
}

type JitsiActor = Actor & { displayName?: string | null };

export async function issueJitsiAccess(
  deps: { db: Database; jitsi: JitsiConfig | undefined },
  actor: JitsiActor | null,
  roomSlug: string,
  now: Date = new Date(),
): Promise<JitsiAccess> {
  const config = deps.jitsi;
  if (!config) throw new DomainError("UPSTREAM_UNAVAILABLE", "Jitsi is not configured on this server (set JITSI_APP_ID, JITSI_APP_SECRET and JITSI_DOMAIN)");
  const { room, entry } = await admitCaller(deps.db, roomSlug, actor);
  const roomName = jitsiRoomName(room.slug);
  const prosody = createProsodyToken({ roomName, appId: config.appId, appSecret: config.appSecret, issuedAt: now, tokenLifetimeSeconds: config.tokenLifetimeSeconds });
  // No email in the JWT: Jitsi shows context.user to the other participants.
  const user = actor
    ? { id: actor.id, ...(actor.displayName ? { name: actor.displayName } : {}), moderator: entry.canModerate }
    : { id: "anon", name: "Guest", moderator: false };
  const { jwt, expiresAt: jwtExpiresAt } = await signJitsiJwt({ config, roomName, user, now });
  return {
    roomName,
    role: entry.role,
    moderator: entry.canModerate,
    password: prosody.password,
    token: prosody.token,
    ts: prosody.ts,
    expiresAt: prosody.expiresAt,
    jwt,
    jwtExpiresAt,
    meetingUrl: meetingUrl(config.domain, roomName, jwt),
  };
}
