// Input limits shared by the rooms context and the GraphQL inputs that validate them.
export const ROOM_NAME_MAX = 100;
export const ROOM_DESCRIPTION_MAX = 1000;
export const BAN_REASON_MAX = 500;
export const CLIENT_ID_MAX = 128;
