// The input limits the hostile suite probes, read from the code that enforces them.
export { PASSWORD_MAX_LENGTH } from "../../src/accounts/passwords.js";
export { BAN_REASON_MAX, CLIENT_ID_MAX, ROOM_DESCRIPTION_MAX, ROOM_NAME_MAX } from "../../src/rooms/room-limits.js";
export { SLUG_MAX_LENGTH } from "../../src/rooms/slug.js";
export { PASSWORD } from "../support/scenario.js";
export { DISPLAY_NAME_MAX, EMAIL_MAX } from "../../src/graphql/inputs.js";
export { ID_MAX_LENGTH as ID_MAX } from "../../src/graphql/args.js";
export { CURSOR_MAX_LENGTH, SEARCH_MAX_LENGTH } from "../../src/graphql/args.js";
export { JANUS_TOKEN_MAX } from "../../src/media/janus/janus-tokens.service.js";
export { API_TOKEN_NAME_MAX } from "../../src/accounts/api-tokens.service.js";
