// On PGlite, db.query runs hot-path statements as named prepared statements (parsed once per
// database). These pin down that it answers exactly what an ordinary query answers, that a failing
// statement leaves the session usable, and that a reopened database prepares afresh.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash, randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { Database, type Statement } from "../../src/db/database.js";

const SESSION_USER: Statement = {
  name: "test_session_user",
  text: `SELECT u.id, u.email, u.is_admin, u.created_at, s.token_hash
         FROM user_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > now()`,
};
const OPTIONAL_TEXT: Statement = { name: "test_optional_text", text: `SELECT coalesce($1::text, 'none') AS value, ($2::uuid IS NULL) AS no_id` };
const DIVIDE: Statement = { name: "test_divide", text: `SELECT 10 / $1::int AS quotient` };

async function openDatabase(): Promise<{ dataSource: DataSource; db: Database }> {
  const dataSource = createDataSource({ pgliteDataDir: "memory://" });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return { dataSource, db: new Database(dataSource) };
}

describe("prepared statements on PGlite (db.query)", () => {
  let dataSource: DataSource;
  let db: Database;
  const userId = randomUUID();
  const tokenHash = createHash("sha256").update("a session token").digest();

  beforeAll(async () => {
    ({ dataSource, db } = await openDatabase());
    await dataSource.query(`INSERT INTO users (id, email, password_hash, is_admin) VALUES ($1, 'prepared@example.test', '!', true)`, [userId]);
    await dataSource.query(`INSERT INTO user_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [tokenHash, userId]);
  });
  afterAll(() => dataSource?.destroy());

  it("returns the same rows, typed the same (uuid, text, boolean, Date, bytea), as an unprepared query, on first and later runs", async () => {
    const expected = await dataSource.query(SESSION_USER.text, [tokenHash]);
    const first = await db.query(SESSION_USER, [tokenHash]);
    const second = await db.query(SESSION_USER, [tokenHash]);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(first[0]).toMatchObject({ id: userId, email: "prepared@example.test", is_admin: true });
    expect((first[0] as { created_at: unknown }).created_at).toBeInstanceOf(Date);
    expect(Buffer.from((first[0] as { token_hash: Uint8Array }).token_hash).equals(tokenHash)).toBe(true);
  });

  it("binds new parameter values on every run, null included", async () => {
    expect(await db.query(OPTIONAL_TEXT, ["given", userId])).toEqual([{ value: "given", no_id: false }]);
    expect(await db.query(OPTIONAL_TEXT, [null, null])).toEqual([{ value: "none", no_id: true }]);
    expect(await db.query(SESSION_USER, [createHash("sha256").update("another token").digest()])).toEqual([]);
  });

  it("throws the database error of a failing run, and the next statements on the same database still run", async () => {
    expect(await db.query(DIVIDE, [5])).toEqual([{ quotient: 2 }]);
    await expect(db.query(DIVIDE, [0])).rejects.toThrow(/division by zero/);
    expect(await db.query(DIVIDE, [2])).toEqual([{ quotient: 5 }]);
    expect(await db.run((manager) => manager.query("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
  });

  it("a statement whose text does not parse throws, and is not remembered as prepared", async () => {
    const broken: Statement = { name: "test_broken", text: "SELECT FROM nowhere_at_all" };
    await expect(db.query(broken, [])).rejects.toThrow(/nowhere_at_all/);
    await expect(db.query(broken, [])).rejects.toThrow(/nowhere_at_all/);
    expect(await db.query(DIVIDE, [1])).toEqual([{ quotient: 10 }]);
  });

  it("a database closed and opened again prepares its statements afresh", async () => {
    expect(await db.query(DIVIDE, [10])).toEqual([{ quotient: 1 }]);
    await dataSource.destroy();
    ({ dataSource, db } = await openDatabase());
    expect(await db.query(DIVIDE, [10])).toEqual([{ quotient: 1 }]);
  });
});
