/** What the audit log records. Join tokens are deliberately absent (see README, "Audit log"). */
export const AUDIT_ACTIONS = [
  "ROOM_CREATED",
  "ROOM_UPDATED",
  "ROOM_DELETED",
  "ROLE_CHANGED",
  "USER_KICKED",
  "USER_UNBANNED",
  "API_TOKEN_CREATED",
  "API_TOKEN_REVOKED",
  "ADMIN_GRANTED",
  "ADMIN_REVOKED",
  "JANUS_TOKEN_ADDED",
  "JANUS_TOKEN_REMOVED",
  "MEDIA_TASK_RETRIED",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
