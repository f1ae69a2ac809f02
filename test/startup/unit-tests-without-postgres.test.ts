// Unit tests need nothing running: jest's "unit" project has no PostgreSQL check, while the
// integration project still refuses to start without PostgreSQL, naming what is missing.
import { execFile } from "node:child_process";
import { describe, expect, it } from "@jest/globals";

const root = new URL("../../", import.meta.url).pathname;
// Nothing listens on port 1: PostgreSQL is "down" for the child run, and the machine's server is left alone.
const POSTGRES_DOWN = "postgres://postgres@127.0.0.1:1/postgres";

function runJest(testPath: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--experimental-vm-modules", "node_modules/jest/bin/jest.js", "--ci", "--maxWorkers=1", testPath],
      { cwd: root, env: { ...process.env, TEST_POSTGRES_URL: POSTGRES_DOWN, ROOMKEY_TEST_RUN: "" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe("running the unit tests without PostgreSQL", () => {
  it("passes a unit test file while PostgreSQL is unreachable", async () => {
    const { code, output } = await runJest("test/unit/slug.test.ts");
    expect(output).toMatch(/Tests: \d+ passed, 0 failed/);
    expect(output).not.toContain("PostgreSQL is not reachable");
    expect(code).toBe(0);
  }, 60_000);

  it("stops an integration run at once with a message naming PostgreSQL when it is unreachable", async () => {
    const { code, output } = await runJest("test/schema/schema.test.ts");
    expect(code).not.toBe(0);
    expect(output).toContain(`PostgreSQL is not reachable at ${POSTGRES_DOWN}`);
  }, 60_000);
});
