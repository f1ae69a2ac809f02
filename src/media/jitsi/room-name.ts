// Maps roomkey slugs onto Jitsi room names the Prosody token plugin can parse.
//
// The plugin splits its password with the Lua pattern `(%w+)_(%w+)_(%d+)`, so a room
// name may only hold letters and digits; roomkey slugs also allow "-". Dropping the
// dashes would collide ("a-bc" and "ab-c" both give "abc"), so we escape instead:
//
//   "-" -> "qd"     "q" -> "qq"     every other character is kept as is
//
// "q" is the escape letter because it is the rarest letter in slugs, so most names
// read unchanged ("team-sync" -> "teamqdsync", "standup" -> "standup"). The code is
// prefix-free (no plain character is "q", and both escapes start with "q" followed by
// different letters), so every output decodes back to exactly one slug: the mapping
// is injective, and `slugFromJitsiRoomName` is its inverse.

import { isValidSlug } from "../../rooms/slug.js";

/** What the Prosody plugin's `%w+` accepts, restricted to lowercase as Jitsi uses it. */
export const JITSI_ROOM_NAME_PATTERN = /^[a-z0-9]+$/;

const ESCAPE = "q";
const ESCAPED_DASH = "qd";
const ESCAPED_ESCAPE = "qq";

export function jitsiRoomName(slug: string): string {
  if (!isValidSlug(slug)) throw new RangeError(`Not a room slug: ${JSON.stringify(slug)}`);
  let name = "";
  for (const char of slug) {
    if (char === "-") name += ESCAPED_DASH;
    else if (char === ESCAPE) name += ESCAPED_ESCAPE;
    else name += char;
  }
  return name;
}

/** Inverse of `jitsiRoomName`; undefined for names no slug maps to. */
export function slugFromJitsiRoomName(roomName: string): string | undefined {
  if (!JITSI_ROOM_NAME_PATTERN.test(roomName)) return undefined;
  let slug = "";
  for (let i = 0; i < roomName.length; i++) {
    const char = roomName[i];
    if (char !== ESCAPE) {
      slug += char;
      continue;
    }
    const escape = roomName.slice(i, i + 2);
    if (escape === ESCAPED_DASH) slug += "-";
    else if (escape === ESCAPED_ESCAPE) slug += ESCAPE;
    else return undefined;
    i++;
  }
  return isValidSlug(slug) ? slug : undefined;
}
