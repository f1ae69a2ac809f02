// The scale step: fills PostgreSQL with `rooms` rooms, as many users, 10 memberships and 10 bans per
// room (1,000,000 of each at 100,000 rooms) and one remembered SFU client per room, with
// generate_series, one INSERT … SELECT per table,
// then gives 1,000 of those members live sessions so joinToken can be measured against the big tables.
import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { LoadRequest } from "./load.js";

export const PER_ROOM = 10;
const STRIDE = 10_007; // members of room r are users (r + k·STRIDE) mod n: distinct for k < 20 when n ≥ 100,000 (and at n = 10,000 for k < 10)

export interface ScaleSeed {
  rooms: number;
  memberships: number;
  bans: number;
  seconds: number;
  /** joinToken requests by seeded members (PUBLISHER, k = 3) for their own rooms. */
  requests: LoadRequest[];
  explain: string[];
}

const userId = (expr: string) => `md5('scale-user-' || (${expr}))::uuid`;
const roomId = (expr: string) => `md5('scale-room-' || (${expr}))::uuid`;

export async function seedScale(databaseUrl: string, rooms: number, sessions: number, joinQuery: string, explainSql: Array<{ label: string; text: string; params: (sample: { userId: string; roomSlug: string; tokenHash: Buffer }) => unknown[] }>): Promise<ScaleSeed> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t0 = performance.now();
    const n = rooms;
    await client.query("BEGIN");
    // The rows are consistent by construction (every id is derived from its number), so the seeding
    // skips the foreign-key triggers (superuser only); indexes and constraints still apply.
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(
      `INSERT INTO users (id, email, password_hash) SELECT ${userId("g")}, 'scale-' || g || '@bench.invalid', '!' FROM generate_series(0, $1::int - 1) g`,
      [n],
    );
    await client.query(
      `INSERT INTO rooms (id, slug, name, owner_id, entry_mode) SELECT ${roomId("g")}, 'scale-room-' || g, 'Scale room ' || g, ${userId("g")}, (ARRAY['OPEN', 'MEMBERS'])[1 + g % 2] FROM generate_series(0, $1::int - 1) g`,
      [n],
    );
    await client.query(
      `INSERT INTO room_members (room_id, user_id, role)
       SELECT ${roomId("r")}, ${userId(`(r + k * ${STRIDE}) % $1::int`)},
              CASE WHEN k = 0 THEN 'OWNER' WHEN k = 1 THEN 'MODERATOR' WHEN k < 5 THEN 'PUBLISHER' ELSE 'SUBSCRIBER' END
       FROM generate_series(0, $1::int - 1) r, generate_series(0, ${PER_ROOM - 1}) k`,
      [n],
    );
    await client.query(
      `INSERT INTO room_bans (room_id, user_id, banned_by_id, reason)
       SELECT ${roomId("r")}, ${userId(`(r + k * ${STRIDE}) % $1::int`)}, ${userId("r")}, 'seeded'
       FROM generate_series(0, $1::int - 1) r, generate_series(${PER_ROOM}, ${2 * PER_ROOM - 1}) k`,
      [n],
    );
    // The SFU client ids joinToken remembers: one live client per room, of its k = 3 member.
    await client.query(
      `INSERT INTO room_clients (room_id, user_id, client_id, last_token_at)
       SELECT ${roomId("r")}, ${userId(`(r + 3 * ${STRIDE}) % $1::int`)}, 'scale-client-' || r, now() FROM generate_series(0, $1::int - 1) r`,
      [n],
    );
    // Sessions for users 0..sessions-1; user u is the k = 3 member (PUBLISHER) of room (u - 3·STRIDE) mod n.
    const tokens = Array.from({ length: sessions }, () => randomBytes(32).toString("base64url"));
    const hashes = tokens.map((token) => createHash("sha256").update(token).digest("hex"));
    await client.query(
      `INSERT INTO user_sessions (token_hash, user_id, expires_at) SELECT decode(h, 'hex'), ${userId("t.n - 1")}, now() + interval '1 day' FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)`,
      [hashes],
    );
    await client.query("COMMIT");
    await client.query("ANALYZE");
    const seconds = (performance.now() - t0) / 1000;
    const roomOf = (u: number) => (((u - 3 * STRIDE) % n) + n) % n;
    const requests = tokens.map((token, u) => ({
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: joinQuery, variables: { roomSlug: `scale-room-${roomOf(u)}` } }),
    }));
    const { rows } = await client.query<{ id: string }>(`SELECT ${userId("0")} AS id`);
    const sample = { userId: rows[0]!.id, roomSlug: `scale-room-${roomOf(0)}`, tokenHash: createHash("sha256").update(tokens[0]!).digest() };
    const explain: string[] = [];
    // The generic plan: the one a prepared statement settles on after its first executions.
    await client.query("SET plan_cache_mode = force_generic_plan");
    for (const [n, statement] of explainSql.entries()) {
      await client.query(`PREPARE explained_${n} AS ${statement.text}`);
      const literals = statement.params(sample).map((param) => client.escapeLiteral(toLiteral(param)));
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN EXECUTE explained_${n}(${literals.join(", ")})`);
      explain.push(`${statement.label} (generic plan):\n    ${plan.rows.map((row) => row["QUERY PLAN"]).join("\n    ")}`);
    }
    return { rooms: n, memberships: n * PER_ROOM, bans: n * PER_ROOM, seconds, requests, explain };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** A string, a byte buffer, or a one-dimensional array of those, as PostgreSQL input text. */
function toLiteral(value: unknown): string {
  const scalar = (item: string | Buffer) => (Buffer.isBuffer(item) ? `\\x${item.toString("hex")}` : item);
  if (!Array.isArray(value)) return scalar(value as string | Buffer);
  return `{${(value as Array<string | Buffer>).map((item) => `"${scalar(item).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/** True when a plan reads a big table without an index. */
export function hasSeqScanOnBigTable(plan: string): boolean {
  return /Seq Scan on (room_members|room_bans|users|user_sessions|rooms|room_clients)\b/.test(plan);
}
