import { ApiToken } from "../accounts/api-token.entity.js";
import { User } from "../accounts/user.entity.js";
import { AuditEvent } from "../audit/audit-event.entity.js";
import { UserSession } from "../accounts/user-session.entity.js";
import { Room } from "../rooms/room.entity.js";
import { RoomBan } from "../rooms/room-ban.entity.js";
import { RoomClient } from "../rooms/room-client.entity.js";
import { RoomMember } from "../rooms/room-member.entity.js";
import { MediaTask } from "../rooms/media-task.entity.js";
import { VideoroomToken } from "../media/janus/videoroom-token.entity.js";

export const entities = [User, UserSession, Room, RoomMember, RoomBan, RoomClient, MediaTask, VideoroomToken, ApiToken, AuditEvent];
