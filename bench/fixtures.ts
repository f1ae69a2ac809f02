// The bench's people and room, written straight into the database before the server starts (one
// INSERT … SELECT per table, not one request per row): an owner, an OPEN room that admits anonymous
// people, and `users` members (PUBLISHER) each with a live session, so signed-in load can spread
// over many users the way real traffic does (and stay under a per-user budget).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createDataSource, type DatabaseTarget } from "../src/db/data-source.js";

export interface BenchUser {
  id: string;
  token: string;
}

export interface Fixtures {
  roomSlug: string;
  users: BenchUser[];
}

export const BENCH_ROOM_SLUG = "bench-room";

/** Migrates the database, then adds the fixtures. PGlite: call before the server opens the folder. */
export async function writeFixtures(target: DatabaseTarget, userCount: number): Promise<Fixtures> {
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const users = Array.from({ length: userCount }, () => ({ id: randomUUID(), token: randomBytes(32).toString("base64url") }));
    const ids = users.map((user) => user.id);
    const hashes = users.map((user) => createHash("sha256").update(user.token).digest("hex"));
    const ownerId = randomUUID();
    await dataSource.transaction(async (manager) => {
      // '!' is no argon2 hash: these accounts cannot log in, they only hold the sessions made here.
      await manager.query(`INSERT INTO users (id, email, password_hash) VALUES ($1, 'bench-owner@bench.invalid', '!')`, [ownerId]);
      await manager.query(
        `INSERT INTO users (id, email, password_hash) SELECT id, 'bench-' || n || '@bench.invalid', '!' FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
        [ids],
      );
      await manager.query(
        `INSERT INTO user_sessions (token_hash, user_id, expires_at) SELECT decode(h, 'hex'), id, now() + interval '1 day' FROM unnest($1::uuid[], $2::text[]) AS t(id, h)`,
        [ids, hashes],
      );
      const [room] = await manager.query(
        `INSERT INTO rooms (slug, name, owner_id, entry_mode, allow_anonymous, default_role) VALUES ($1, 'Bench room', $2, 'OPEN', true, 'PUBLISHER') RETURNING id`,
        [BENCH_ROOM_SLUG, ownerId],
      );
      await manager.query(`INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [room.id, ownerId]);
      await manager.query(`INSERT INTO room_members (room_id, user_id, role) SELECT $1, id, 'PUBLISHER' FROM unnest($2::uuid[]) AS t(id)`, [room.id, ids]);
    });
    return { roomSlug: BENCH_ROOM_SLUG, users };
  } finally {
    await dataSource.destroy();
  }
}
