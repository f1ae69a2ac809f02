// The operator CLIs behind `npm run keys:generate`, `jitsi:verify` and `users:make-admin`, run built, as npm runs them.
import { execFile } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import { signJitsiJwt } from "../../src/media/jitsi/jitsi-jwt.js";
import { createProsodyToken } from "../../src/media/jitsi/prosody-token.js";
import { createTestDatabase } from "../support/postgres.js";
import { buildOnce } from "../support/server-process.js";

const root = new URL("../../", import.meta.url).pathname;
const OPENSSL = "/usr/bin/openssl";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let scratch: string;

/**
 * Runs a built CLI with only PATH and `env`. The working directory is an empty scratch folder so a
 * developer's `.env` in the repo (which loadConfig reads from the cwd) cannot leak into the run.
 */
function runCli(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, script), ...args],
      { cwd: scratch, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr: code === -1 ? `${stderr}\n${error?.message}` : stderr });
      },
    );
  });
}

function openssl(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(OPENSSL, args, { encoding: "buffer" }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "roomkey-cli-"));
  await buildOnce();
}, 120_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("keys:generate", () => {
  const KEYS_CLI = "dist/src/tokens/keys-generate-cli.js";
  const readKeys = (dir: string) =>
    Promise.all(["key.pem", "public.pem", "public.der"].map((name) => readFile(path.join(dir, name))));

  it("writes a matching key pair, prints the config lines, and refuses to overwrite without --force", async () => {
    const dir = path.join(scratch, "keys"); // not created yet: the CLI creates it
    const first = await runCli(KEYS_CLI, ["--out", dir, "--bits", "2048"]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`auth_key = ${dir}/public.der`);
    expect(first.stdout).toContain(`AUTH_KEY_PRIVATE=${dir}/key.pem`);

    const [keyPem, publicPem, publicDer] = await readKeys(dir);
    expect((await stat(path.join(dir, "key.pem"))).mode & 0o777).toBe(0o600);
    const publicKey = createPublicKey(keyPem!);
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(publicPem!.toString()).toBe(publicKey.export({ type: "spki", format: "pem" }));
    // janus-plugin-sfu reads PKCS#1 DER; compare with what openssl itself derives from the private key.
    if (!existsSync(OPENSSL)) throw new Error(`${OPENSSL} is missing: install openssl, this check must not be skipped`);
    const fromOpenssl = await openssl(["rsa", "-in", path.join(dir, "key.pem"), "-RSAPublicKey_out", "-outform", "DER"]);
    expect(fromOpenssl.length).toBeGreaterThan(0);
    expect(publicDer!.equals(fromOpenssl)).toBe(true);

    const again = await runCli(KEYS_CLI, ["--out", dir, "--bits", "2048"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("--force");
    expect(await readKeys(dir)).toEqual([keyPem, publicPem, publicDer]);

    const forced = await runCli(KEYS_CLI, ["--out", dir, "--bits", "2048", "--force"]);
    expect(forced.code).toBe(0);
    expect((await readFile(path.join(dir, "key.pem"))).equals(keyPem!)).toBe(false);
  }, 30_000);

  it.each([
    ["no --out", ["--bits", "2048"]],
    ["a key size below the minimum", ["--out", "x", "--bits", "1024"]],
    ["a non-numeric key size", ["--out", "x", "--bits", "big"]],
    ["an unknown option", ["--out", "x", "--bogus"]],
  ])("exits 2 with the usage on %s", async (_case, args) => {
    const result = await runCli(KEYS_CLI, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: npm run keys:generate");
    expect(existsSync(path.join(scratch, "x"))).toBe(false);
  });
});

describe("jitsi:verify", () => {
  const VERIFY_CLI = "dist/src/media/jitsi/verify-cli.js";
  // The app id and secret of Jitsi's published test vector, so that vector verifies here.
  const jitsiEnv = { JITSI_APP_ID: "myTestApp", JITSI_APP_SECRET: "blablabla", JITSI_DOMAIN: "meet.example.com" };
  const HOUR_MS = 3_600_000;
  const password = (issuedAt: Date) =>
    createProsodyToken({ roomName: "standup", appId: "myTestApp", appSecret: "blablabla", issuedAt, tokenLifetimeSeconds: 86_400 })
      .password;

  it("accepts a fresh Prosody password and prints its room", async () => {
    const result = await runCli(VERIFY_CLI, [password(new Date())], jitsiEnv);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/^scheme:\s+prosody$/m);
    expect(result.stdout).toMatch(/^result:\s+VALID$/m);
    expect(result.stdout).toMatch(/^room:\s+standup$/m);
  });

  it("rejects a Prosody password issued 25 hours ago as expired", async () => {
    const result = await runCli(VERIFY_CLI, [password(new Date(Date.now() - 25 * HOUR_MS))], jitsiEnv);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^result:\s+INVALID \(EXPIRED\)/m);
  });

  it("rejects a future-dated Prosody password", async () => {
    const result = await runCli(VERIFY_CLI, [password(new Date(Date.now() + HOUR_MS))], jitsiEnv);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^result:\s+INVALID \(FUTURE_DATED\)/m);
  });

  it("accepts a fresh Jitsi JWT and prints its room and user", async () => {
    const { jwt } = await signJitsiJwt({
      config: loadConfig(jitsiEnv).jitsi!,
      roomName: "standup",
      user: { id: "user-1", name: "Ops", moderator: true },
    });
    const result = await runCli(VERIFY_CLI, [jwt], jitsiEnv);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/^scheme:\s+jwt$/m);
    expect(result.stdout).toMatch(/^result:\s+VALID$/m);
    expect(result.stdout).toMatch(/^room:\s+standup$/m);
    expect(result.stdout).toMatch(/^moderator:\s+true$/m);
  });

  it("checks the published 2015 test vector's signature, then reports it expired", async () => {
    const seed = "0daad82d1ad81c718d643b71b46793af2295bb20e3eb436079e9bbd130ba1ad9_angrywhalesgrowhigh_1446573136000";
    const result = await runCli(VERIFY_CLI, [seed], jitsiEnv);
    expect(result.code).toBe(1);
    // The signature is checked before the age, so EXPIRED (not BAD_SIGNATURE) means it matched.
    expect(result.stdout).toMatch(/^result:\s+INVALID \(EXPIRED\)/m);
    expect(result.stdout).toMatch(/^room:\s+angrywhalesgrowhigh$/m);
    expect(result.stdout).toMatch(/^issued:\s+2015-11-03T17:52:16\.000Z$/m);

    // The same vector with one digest character changed fails on the signature instead.
    const tampered = await runCli(VERIFY_CLI, [`1${seed.slice(1)}`], jitsiEnv);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^result:\s+INVALID \(BAD_SIGNATURE\)/m);
  });

  it("exits 2 naming the variables when Jitsi is not configured", async () => {
    const result = await runCli(VERIFY_CLI, [password(new Date())]);
    expect(result.code).toBe(2);
    for (const name of Object.keys(jitsiEnv)) expect(result.stderr).toContain(name);
  });

  it("exits 2 with the usage when given no credential", async () => {
    const result = await runCli(VERIFY_CLI, [], jitsiEnv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: npm run jitsi:verify");
  });
});

describe("users:make-admin", () => {
  const ADMIN_CLI = "dist/src/accounts/make-admin-cli.js";
  let database: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  const isAdmin = async (email: string) =>
    (await client.query<{ is_admin: boolean }>("SELECT is_admin FROM users WHERE email = $1", [email])).rows[0]?.is_admin;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("migrates an empty database, then grants and revokes admin on PostgreSQL", async () => {
    const env = { DATABASE_URL: database.url, DATA_DIR: scratch };
    const unknown = await runCli(ADMIN_CLI, ["ops@example.com"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user with email ops@example.com");

    // The failed run still applied the migrations, so the users table now exists.
    await client.query("INSERT INTO users (email, password_hash) VALUES ('ops@example.com', 'x')");
    expect(await isAdmin("ops@example.com")).toBe(false);

    const grant = await runCli(ADMIN_CLI, ["Ops@Example.com"], env); // emails match case-insensitively
    expect(grant).toMatchObject({ code: 0, stdout: "ops@example.com is now an admin\n" });
    expect(await isAdmin("ops@example.com")).toBe(true);

    const revoke = await runCli(ADMIN_CLI, ["ops@example.com", "--revoke"], env);
    expect(revoke).toMatchObject({ code: 0, stdout: "ops@example.com is no longer an admin\n" });
    expect(await isAdmin("ops@example.com")).toBe(false);

    // Both changes are in the audit log with no actor: the command line.
    const audit = await client.query(
      "SELECT a.action, a.actor_id, a.details FROM audit_events a JOIN users u ON u.id = a.target_user_id WHERE u.email = $1 ORDER BY a.created_at",
      ["ops@example.com"],
    );
    expect(audit.rows).toEqual([
      { action: "ADMIN_GRANTED", actor_id: null, details: { source: "command line" } },
      { action: "ADMIN_REVOKED", actor_id: null, details: { source: "command line" } },
    ]);
  }, 30_000);

  it.each([
    ["no email", []],
    ["two emails", ["a@example.com", "b@example.com"]],
    ["an unknown option", ["a@example.com", "--bogus"]],
  ])("exits 2 with the usage on %s, which warns to stop the server on PGlite", async (_case, args) => {
    const result = await runCli(ADMIN_CLI, args, { DATABASE_URL: database.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: npm run users:make-admin -- <email> [--revoke]");
    expect(result.stderr).toContain("stop the server");
  });

  it("works on the embedded PGlite database under DATA_DIR", async () => {
    const dataDir = path.join(scratch, "data");
    await mkdir(path.join(dataDir, "pglite"), { recursive: true }); // as the server leaves it
    const unknown = await runCli(ADMIN_CLI, ["ops@example.com"], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user with email ops@example.com");

    // PGlite is single-process: open it here only while no CLI runs.
    const withPglite = async <T>(work: (db: PGlite) => Promise<T>): Promise<T> => {
      const db = await PGlite.create(path.join(dataDir, "pglite"));
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    };
    await withPglite((db) => db.query("INSERT INTO users (email, password_hash) VALUES ('ops@example.com', 'x')"));

    const grant = await runCli(ADMIN_CLI, ["ops@example.com"], { DATA_DIR: dataDir });
    expect(grant).toMatchObject({ code: 0, stdout: "ops@example.com is now an admin\n" });
    const rows = await withPglite((db) => db.query<{ is_admin: boolean }>("SELECT is_admin FROM users"));
    expect(rows.rows).toEqual([{ is_admin: true }]);
  }, 40_000);

  it("refuses to create a PGlite database where none exists (a wrong DATA_DIR)", async () => {
    const dataDir = path.join(scratch, "no-such-data");
    const result = await runCli(ADMIN_CLI, ["ops@example.com"], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No PGlite database at ${dataDir}/pglite`);
    expect(existsSync(dataDir)).toBe(false);
  });
});
