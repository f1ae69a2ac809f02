// Expired sessions are deleted on a timer, without waiting for their user to sign in again.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { gqlOk } from "../support/graphql-client.js";
import { signUp } from "../support/scenario.js";
import { TEST_DATABASES, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(TEST_DATABASES)("session sweep on %s", (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ database, env: { SESSION_SWEEP_INTERVAL_SECONDS: "1" } });
  });
  afterAll(() => app?.stop());

  it("deletes expired sessions within SESSION_SWEEP_INTERVAL_SECONDS while nobody signs in, and keeps live ones", async () => {
    const gone = await signUp(app.url, "gone");
    const live = await signUp(app.url, "live");
    await app.services.db.run((m) => m.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [gone.id]));
    const sessionsOf = async (userId: string) =>
      (await app.services.db.run((m) => m.query(`SELECT count(*)::int AS n FROM user_sessions WHERE user_id = $1`, [userId])))[0].n;

    const deadline = Date.now() + 5_000;
    while ((await sessionsOf(gone.id)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sessionsOf(gone.id)).toBe(0);
    expect(await sessionsOf(live.id)).toBe(1);
    expect((await gqlOk(app.url, `{ me { id } }`, {}, live.token)).me.id).toBe(live.id);
  });
});
