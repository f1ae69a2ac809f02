// Media-side work that never succeeds is not retried forever: after MEDIA_TASK_MAX_ATTEMPTS it is
// marked failed and kept, admins see it through the API, and an admin can put it back in the queue
// (an audited action). Driven with a kicker that always fails, as a media server that keeps
// refusing would.
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { recordMediaTask, MediaTaskRunner } from "../../src/rooms/media-tasks.js";
import type { LiveSessionKicker } from "../../src/rooms/live-sessions.js";
import { gql, gqlOk } from "../support/graphql-client.js";
import { createRoom, PASSWORD, signUp, type SignedUpUser } from "../support/scenario.js";
import { startTestApp, TEST_DATABASES, type TestApp } from "../support/test-app.js";

const ADMIN_EMAIL = "media-admin@example.com";
const TASKS = `query($state: MediaTaskState!) { mediaTasks(state: $state) { totalCount nodes { id kind state roomSlug userId attempts lastError nextAttemptAt failedAt } } }`;
const RETRY = `mutation($id: ID!) { retryMediaTask(id: $id) { id state attempts nextAttemptAt failedAt } }`;

describe.each(TEST_DATABASES)("media tasks that keep failing, on %s", (database) => {
  let app: TestApp;
  let admin: SignedUpUser, owner: SignedUpUser, kicked: SignedUpUser;
  let roomSlug: string;
  let taskId: string;
  const refusing: LiveSessionKicker = {
    disconnect: jest.fn(async () => {
      throw new Error("Janus said no (403)");
    }),
    rolesChanged: jest.fn(async () => {
      throw new Error("Janus said no (403)");
    }),
  };
  let runner: MediaTaskRunner;
  const makeDue = () => app.services.db.run((m) => m.query(`UPDATE media_tasks SET next_attempt_at = now() WHERE failed_at IS NULL`));

  beforeAll(async () => {
    app = await startTestApp({ database, env: { ADMIN_EMAILS: ADMIN_EMAIL, MEDIA_TASK_POLL_MS: "600000" } });
    const registered = await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }`, {
      input: { email: ADMIN_EMAIL, password: PASSWORD },
    });
    admin = { id: registered.register.user.id, email: ADMIN_EMAIL, token: registered.register.token };
    [owner, kicked] = await Promise.all([signUp(app.url, "task-owner"), signUp(app.url, "task-kicked")]);
    const room = await createRoom(app.url, owner.token, { name: "Refused" });
    roomSlug = room.slug;
    runner = new MediaTaskRunner(app.services.db, refusing, { pollMs: 600_000, retryMaxSeconds: 1, maxAttempts: 3 }, { warn() {}, info() {}, error() {} } as never);
    taskId = await app.services.db.transaction((m) => recordMediaTask(m, "kick", { roomId: room.id, roomSlug, userId: kicked.id, clientIds: ["sfu-1"] }));
  });
  afterAll(() => app?.stop());

  it("retries a failing task until MEDIA_TASK_MAX_ATTEMPTS, then marks it failed and stops trying it", async () => {
    expect(await runner.runNow(taskId)).toBeNull(); // attempt 1
    await makeDue();
    expect(await runner.runDue()).toBe(0); // attempt 2
    expect(await app.services.mediaTasks.pending()).toBe(1);
    await makeDue();
    expect(await runner.runDue()).toBe(0); // attempt 3: the last
    expect(refusing.disconnect).toHaveBeenCalledTimes(3);
    expect(await app.services.mediaTasks.pending()).toBe(0);

    await makeDue(); // a failed task is not due, however much time passes
    expect(await runner.runDue()).toBe(0);
    expect(refusing.disconnect).toHaveBeenCalledTimes(3);
    const [row] = await app.services.db.run((m) => m.query(`SELECT attempts, failed_at, next_attempt_at, last_error FROM media_tasks WHERE id = $1`, [taskId]));
    expect(row).toMatchObject({ attempts: 3, last_error: "Janus said no (403)" });
    expect(row.failed_at).not.toBeNull();
  });

  it("shows admins the failed task, with what it was for and why it failed; the pending list is empty", async () => {
    const failed = (await gqlOk(app.url, TASKS, { state: "FAILED" }, admin.token)).mediaTasks;
    expect(failed.totalCount).toBe(1);
    expect(failed.nodes[0]).toEqual({
      id: taskId,
      kind: "KICK",
      state: "FAILED",
      roomSlug,
      userId: kicked.id,
      attempts: 3,
      lastError: "Janus said no (403)",
      nextAttemptAt: null,
      failedAt: expect.any(String),
    });
    expect((await gqlOk(app.url, TASKS, { state: "PENDING" }, admin.token)).mediaTasks).toEqual({ totalCount: 0, nodes: [] });
  });

  it("refuses the list and the retry to everyone but admins", async () => {
    for (const [token, code] of [[owner.token, "FORBIDDEN"], [undefined, "UNAUTHENTICATED"]] as const) {
      expect((await gql(app.url, TASKS, { state: "FAILED" }, token)).errors?.[0]?.extensions?.code).toBe(code);
      expect((await gql(app.url, RETRY, { id: taskId }, token)).errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it("puts a failed task back with fresh attempts on an admin's retry, records who did it, and refuses a second retry", async () => {
    const retried = (await gqlOk(app.url, RETRY, { id: taskId }, admin.token)).retryMediaTask;
    expect(retried).toEqual({ id: taskId, state: "PENDING", attempts: 0, nextAttemptAt: expect.any(String), failedAt: null });
    const [event] = await app.services.db.run((m) => m.query(`SELECT actor_id, target_user_id, room_slug, details FROM audit_events WHERE action = 'MEDIA_TASK_RETRIED'`));
    expect(event).toMatchObject({ actor_id: admin.id, target_user_id: kicked.id, room_slug: roomSlug, details: { taskId, kind: "kick", attempts: 3 } });

    const again = await gql(app.url, RETRY, { id: taskId }, admin.token);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "id" });
    expect((await gql(app.url, RETRY, { id: "5b0c3f2e-8a41-4f6d-9c27-1e0d4b7a6f13" }, admin.token)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("carries a retried task out on the next poll once the media server accepts it, and then it is gone", async () => {
    expect(await app.services.mediaTasks.pending()).toBe(1);
    expect(await app.services.mediaTasks.runDue()).toBe(1); // the app's own kicker: no media server configured, so it succeeds
    expect(await app.services.mediaTasks.pending()).toBe(0);
    for (const state of ["FAILED", "PENDING"]) expect((await gqlOk(app.url, TASKS, { state }, admin.token)).mediaTasks.totalCount).toBe(0);
  });
});
