// Before a cell is measured, one response of its kind is decoded and checked in full: an RS512 JWT
// for the room, for the right subject, with the right role. The load itself then checks every body.
import { assertLoopback, type LoadRequest } from "./load.js";

export const JOIN_TOKEN_QUERY = `query JoinToken($roomSlug: String!, $clientId: String) {
  joinToken(roomSlug: $roomSlug, clientId: $clientId) { token expiresAt refreshAt role }
}`;
export const TYPENAME_QUERY = `{ __typename }`;

export function joinTokenBody(roomSlug: string, clientId?: string): string {
  return JSON.stringify({ query: JOIN_TOKEN_QUERY, variables: clientId ? { roomSlug, clientId } : { roomSlug } });
}

export async function checkJoinTokenSample(graphqlUrl: string, request: LoadRequest, expected: { sub: string; role: string | null; roomSlug: string }): Promise<void> {
  assertLoopback(graphqlUrl);
  const response = await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...request.headers }, body: request.body });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: { joinToken?: { token: string; role: string | null } }; errors?: unknown };
  const joinToken = body.data?.joinToken;
  if (response.status !== 200 || body.errors || !joinToken) throw new Error(`sample joinToken failed (HTTP ${response.status}): ${text.slice(0, 400)}`);
  const [header, payload] = joinToken.token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  if (header.alg !== "RS512") throw new Error(`sample joinToken alg ${header.alg}, expected RS512`);
  if (payload.sub !== expected.sub || payload.room_ids?.[0] !== expected.roomSlug || payload.join_hub !== true) {
    throw new Error(`sample joinToken claims unexpected: ${JSON.stringify(payload)}`);
  }
  if (joinToken.role !== expected.role) throw new Error(`sample joinToken role ${joinToken.role}, expected ${expected.role}`);
}
