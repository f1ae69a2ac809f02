import { registerEnumType } from "type-graphql";
import type { EntryMode, RoomRole } from "../../rooms/room-role.js";

export const RoomRoleEnum = { OWNER: "OWNER", MODERATOR: "MODERATOR", PUBLISHER: "PUBLISHER", SUBSCRIBER: "SUBSCRIBER" } as const satisfies Record<RoomRole, RoomRole>;
export const EntryModeEnum = { OPEN: "OPEN", MEMBERS: "MEMBERS", CLOSED: "CLOSED" } as const satisfies Record<EntryMode, EntryMode>;

registerEnumType(RoomRoleEnum, {
  name: "RoomRole",
  valuesConfig: {
    OWNER: { description: "The creator; everything, including deleting the room and naming moderators" },
    MODERATOR: { description: "May kick/ban and unban; kick_users in tokens" },
    PUBLISHER: { description: "May send and receive media" },
    SUBSCRIBER: { description: "May only receive media" },
  },
});

registerEnumType(EntryModeEnum, {
  name: "EntryMode",
  valuesConfig: {
    OPEN: { description: "Anyone who is not banned; anonymous people too when allowAnonymous is true" },
    MEMBERS: { description: "Only users holding a role in the room" },
    CLOSED: { description: "Nobody but the owner and moderators" },
  },
});
