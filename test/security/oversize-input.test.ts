// Oversize strings in every input of every operation: answered BAD_USER_INPUT naming the field,
// with nothing written, whether one character over the limit or fifty thousand.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestApp, TEST_DATABASES, type TestApp } from "../support/test-app.js";
import { buildWorld, expectRefusal, JITSI_ENV, postGraphQL, snapshot, type World } from "./hostile-world.js";
import { OPERATIONS, withValue } from "./operations.js";

const HUGE = 50_000; // well past every limit, still under the 100 kB body limit
const cases = OPERATIONS.flatMap((row) =>
  row.strings.flatMap((input) => [input.max + 1, HUGE].map((length) => [row.name, input.field, length, row, input] as const)),
);

describe.each(TEST_DATABASES)("oversize inputs (%s)", (database) => {
  let app: TestApp;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp({ database, env: JITSI_ENV });
    world = await buildWorld(app.url);
  }, 60_000);
  afterAll(() => app?.stop());

  it.each(cases)("%s: a %s of %i characters is BAD_USER_INPUT naming the field, and nothing is written", async (_name, _field, length, row, input) => {
    const before = await snapshot(app.services.db);
    const variables = withValue(row.variables(world), input.variable, "a".repeat(length));
    const response = await postGraphQL(app.url, row.oversizeAs ?? "alice", world, row.document, variables);
    expectRefusal(response, "BAD_USER_INPUT", input.field);
    expect(response.json.data?.[row.name] ?? null).toBeNull();
    expect(await snapshot(app.services.db)).toEqual(before);
  });
});
