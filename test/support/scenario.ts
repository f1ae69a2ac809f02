// Shared steps for scenarios: sign people up, make rooms, through the public API.
import { gqlOk } from "./graphql-client.js";

let counter = 0;

export interface SignedUpUser {
  id: string;
  email: string;
  token: string;
}

export const PASSWORD = "correct horse battery staple";

export async function signUp(baseUrl: string, name = "user"): Promise<SignedUpUser> {
  const email = `${name}-${process.pid}-${++counter}@example.com`;
  const data = await gqlOk<{ register: { token: string; user: { id: string } } }>(
    baseUrl,
    `mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }`,
    { input: { email, password: PASSWORD, displayName: name } },
  );
  return { id: data.register.user.id, email, token: data.register.token };
}

export async function createRoom(baseUrl: string, token: string, input: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
  const data = await gqlOk<{ createRoom: { id: string; slug: string } }>(
    baseUrl,
    `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id slug } }`,
    { input: { name: "Test room", ...input } },
    token,
  );
  return data.createRoom;
}

export async function setRole(baseUrl: string, token: string, roomSlug: string, userId: string, role: string | null): Promise<void> {
  await gqlOk(
    baseUrl,
    `mutation($roomSlug: String!, $userId: ID!, $role: RoomRole) { setRoomRole(roomSlug: $roomSlug, userId: $userId, role: $role) { role } }`,
    { roomSlug, userId, role },
    token,
  );
}
