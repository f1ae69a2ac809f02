// The people and rooms every hostile test attacks, built through the public API, plus the checks
// each refusal must pass: the right code, no stack trace, no 5xx, and nothing written.
import { afterAll, beforeAll, expect } from "@jest/globals";
import type { Database } from "../../src/db/database.js";
import { createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { gqlOk } from "../support/graphql-client.js";
import { startTestApp, type TestApp, type TestDatabase } from "../support/test-app.js";

export type Persona = "alice" | "bob" | "dave" | "carol" | "mallory" | "root" | "anonymous";

export interface World {
  /** Owner of membersRoom and closedRoom. */
  alice: SignedUpUser;
  /** PUBLISHER in membersRoom. */
  bob: SignedUpUser;
  /** MODERATOR in membersRoom. */
  dave: SignedUpUser;
  /** Banned from membersRoom. */
  carol: SignedUpUser;
  /** A signed-in stranger who owns malloryRoom. */
  mallory: SignedUpUser;
  /** A deployment admin. */
  root: SignedUpUser;
  /** The id of an API token alice created. */
  aliceApiTokenId: string;
  membersRoom: { id: string; slug: string };
  closedRoom: { id: string; slug: string };
  malloryRoom: { id: string; slug: string };
}

export const JITSI_ENV = { JITSI_APP_ID: "roomkeyApp", JITSI_APP_SECRET: "s3cret-for-hostile-tests", JITSI_DOMAIN: "meet.example.org" };

/** For one describe block: the real app on `database` with the hostile world in it, stopped afterwards. */
export function useHostileApp(database: TestDatabase): { app: TestApp; world: World } {
  const setup = {} as { app: TestApp; world: World };
  beforeAll(async () => {
    setup.app = await startTestApp({ database, env: JITSI_ENV });
    setup.world = await buildWorld(setup.app.url, setup.app.services.db);
  }, 60_000);
  afterAll(() => setup.app?.stop());
  return setup;
}

export async function buildWorld(url: string, db: Database): Promise<World> {
  const [alice, bob, dave, carol, mallory, root] = await Promise.all(["alice", "bob", "dave", "carol", "mallory", "root"].map((name) => signUp(url, name)));
  // Arranged directly (what `npm run users:make-admin` does), so no API call in the world needs an admin to exist first.
  await db.run((manager) => manager.query(`UPDATE users SET is_admin = true WHERE id = $1`, [root!.id]));
  const { createApiToken } = await gqlOk(url, `mutation { createApiToken(input: { name: "alice's bot", scopes: [ROOMS_READ] }) { apiToken { id } } }`, {}, alice!.token);
  const membersRoom = await createRoom(url, alice!.token, { name: "Board meeting", entryMode: "MEMBERS" });
  const closedRoom = await createRoom(url, alice!.token, { name: "Closed", entryMode: "CLOSED" });
  const malloryRoom = await createRoom(url, mallory!.token, { name: "Mallory's", entryMode: "OPEN" });
  await setRole(url, alice!.token, membersRoom.slug, bob!.id, "PUBLISHER");
  await setRole(url, alice!.token, membersRoom.slug, dave!.id, "MODERATOR");
  await gqlOk(url, `mutation($s: String!, $u: ID!) { kickUser(roomSlug: $s, userId: $u) { banned } }`, { s: membersRoom.slug, u: carol!.id }, alice!.token);
  return { alice: alice!, bob: bob!, dave: dave!, carol: carol!, mallory: mallory!, root: root!, aliceApiTokenId: createApiToken.apiToken.id, membersRoom, closedRoom, malloryRoom };
}

export const tokenOf = (world: World, persona: Persona): string | undefined => (persona === "anonymous" ? undefined : world[persona].token);

export interface RawResponse {
  status: number;
  contentType: string | null;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function send(url: string, init: RequestInit & { path?: string } = {}): Promise<RawResponse> {
  const response = await fetch(`${url}${init.path ?? "/graphql"}`, init);
  const text = await response.text();
  let json: RawResponse["json"] = {};
  try {
    json = JSON.parse(text);
  } catch {
    // asserted by expectRefusal: every answer is JSON
  }
  return { status: response.status, contentType: response.headers.get("content-type"), text, json };
}

export function postGraphQL(url: string, persona: Persona, world: World, query: string, variables: Record<string, unknown>): Promise<RawResponse> {
  const token = tokenOf(world, persona);
  return send(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}

/** What a refused request must look like: JSON, no 5xx, the code (and field), no stack trace or internals. */
export function expectRefusal(response: RawResponse, code: string, field?: string): void {
  expect(response.status).toBeLessThan(500);
  expect(response.contentType).toMatch(/application\/json/);
  expect(response.text).not.toMatch(/node_modules|\bat .*:\d+:\d+|stacktrace|QueryFailedError|SELECT |INSERT /i);
  const error = response.json.errors?.[0];
  expect({ code: error?.extensions?.code, ...(field ? { field: error?.extensions?.field } : {}) }).toEqual({ code, ...(field ? { field } : {}) });
}

/** Every row of every entity's table (rate-limit counters are not entities), to compare before and after a refused request. */
export async function snapshot(db: Database): Promise<Record<string, unknown>> {
  const tables: Record<string, unknown> = {};
  for (const { tableName } of db.dataSource.entityMetadatas) {
    const rows: Array<{ rows: unknown }> = await db.run((manager) => manager.query(`SELECT json_agg(t ORDER BY t::text) AS rows FROM "${tableName}" t`));
    tables[tableName] = rows[0]?.rows ?? [];
  }
  return tables;
}
