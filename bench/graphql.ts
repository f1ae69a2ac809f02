// Setup calls through the public API (shapes as in test/support/scenario.ts), made from the main thread.

export const JOIN_TOKEN_QUERY = `query JoinToken($roomSlug: String!, $clientId: String) {
  joinToken(roomSlug: $roomSlug, clientId: $clientId) { token expiresAt refreshAt role }
}`;

export const TYPENAME_QUERY = `{ __typename }`;

export async function gqlOk<T>(graphqlUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: unknown[] };
  if (response.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL call failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

export async function signUp(graphqlUrl: string, name: string): Promise<{ id: string; token: string }> {
  const email = `${name}-${process.pid}-${Date.now()}@bench.example.com`;
  const data = await gqlOk<{ register: { token: string; user: { id: string } } }>(
    graphqlUrl,
    `mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }`,
    { input: { email, password: "bench horse battery staple", displayName: name } },
  );
  return { id: data.register.user.id, token: data.register.token };
}

export async function createRoom(graphqlUrl: string, token: string): Promise<{ id: string; slug: string }> {
  const data = await gqlOk<{ createRoom: { id: string; slug: string } }>(
    graphqlUrl,
    `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id slug } }`,
    // Open room, anonymous allowed, signed-in users enter as PUBLISHER (the schema defaults, spelled out).
    { input: { name: "Bench room", entryMode: "OPEN", allowAnonymous: true, defaultRole: "PUBLISHER" } },
    token,
  );
  return data.createRoom;
}

/** One joinToken, checked: RS512 JWT for the room, with the expected role. */
export async function checkJoinToken(
  graphqlUrl: string,
  variables: { roomSlug: string; clientId?: string },
  expected: { role: string | null; sub: string },
  token?: string,
): Promise<void> {
  const data = await gqlOk<{ joinToken: { token: string; role: string | null } }>(graphqlUrl, JOIN_TOKEN_QUERY, variables, token);
  const [header, payload] = data.joinToken.token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  if (header.alg !== "RS512") throw new Error(`joinToken alg ${header.alg}, expected RS512`);
  if (payload.sub !== expected.sub || payload.room_ids?.[0] !== variables.roomSlug) {
    throw new Error(`joinToken claims unexpected: ${JSON.stringify(payload)}`);
  }
  if (data.joinToken.role !== expected.role) throw new Error(`joinToken role ${data.joinToken.role}, expected ${expected.role}`);
}
