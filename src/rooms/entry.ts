// The one decision every media credential goes through. Pure: no I/O.
import { isModeratorRole, type EntryMode, type RoomRole } from "./room-role.js";

export interface EntryFacts {
  room: { entryMode: EntryMode; allowAnonymous: boolean; defaultRole: RoomRole };
  /** The caller's stored role in the room, if any (OWNER for the owner). */
  role: RoomRole | null;
  banned: boolean;
  isAuthenticated: boolean;
  isAdmin: boolean;
}

export interface Entry {
  allowed: true;
  /** Effective role; null for anonymous people. */
  role: RoomRole | null;
  canPublish: boolean;
  canSubscribe: boolean;
  canModerate: boolean;
}

export type DenialCode = "BANNED" | "ROOM_CLOSED" | "FORBIDDEN" | "UNAUTHENTICATED";

export interface Denial {
  allowed: false;
  code: DenialCode;
  message: string;
}

export function decideEntry(facts: EntryFacts): Entry | Denial {
  const role = effectiveRole(facts);
  // A ban outranks everything but ownership (an owner cannot be banned from their own room).
  if (facts.banned && role !== "OWNER") return deny("BANNED", "You are banned from this room");
  if (role && (isModeratorRole(role) || facts.room.entryMode !== "CLOSED")) return grantEntry(role);
  if (facts.room.entryMode === "CLOSED") return deny("ROOM_CLOSED", "This room is closed");
  if (!facts.isAuthenticated) {
    if (facts.room.entryMode === "OPEN" && facts.room.allowAnonymous) return grantEntry(null, facts.room.defaultRole);
    return deny("UNAUTHENTICATED", "Sign in to enter this room");
  }
  return deny("FORBIDDEN", "This room is for members only");
}

/**
 * The caller's role as the room sees it: the stored role; for admins at least MODERATOR; for a
 * signed-in non-member of an OPEN room, the room's default role.
 */
export function effectiveRole(facts: Omit<EntryFacts, "banned">): RoomRole | null {
  if (facts.role === "OWNER" || facts.role === "MODERATOR") return facts.role;
  if (facts.isAdmin) return "MODERATOR";
  if (facts.role) return facts.role;
  if (facts.isAuthenticated && facts.room.entryMode === "OPEN") return facts.room.defaultRole;
  return null;
}

function grantEntry(role: RoomRole | null, anonymousRole?: RoomRole): Entry {
  const mediaRole = role ?? anonymousRole;
  return {
    allowed: true,
    role,
    canPublish: mediaRole !== "SUBSCRIBER",
    canSubscribe: true,
    canModerate: isModeratorRole(role),
  };
}

function deny(code: DenialCode, message: string): Denial {
  return { allowed: false, code, message };
}
