/** Roles a user can hold in a room, strongest first. Stored as these strings. */
export const ROOM_ROLES = ["OWNER", "MODERATOR", "PUBLISHER", "SUBSCRIBER"] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];

export const ENTRY_MODES = ["OPEN", "MEMBERS", "CLOSED"] as const;
export type EntryMode = (typeof ENTRY_MODES)[number];

/** Roles that may moderate (kick, ban, unban) and get `kick_users` in SFU tokens. */
export const isModeratorRole = (role: RoomRole | null | undefined): boolean => role === "OWNER" || role === "MODERATOR";
