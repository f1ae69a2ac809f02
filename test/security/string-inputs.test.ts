// Hostile strings in every input of every operation: oversize (one character over the limit, or
// fifty thousand) and NUL characters (PostgreSQL cannot store them) are answered BAD_USER_INPUT
// naming the field, with nothing written.
import { describe, expect, it } from "@jest/globals";
import { TEST_DATABASES } from "../support/test-app.js";
import { expectRefusal, postGraphQL, snapshot, useHostileApp } from "./hostile-world.js";
import { OPERATIONS, withValue, type StringInput } from "./operations.js";

const HUGE = 50_000; // well past every limit, still under the 100 kB body limit
const hostileValues = (input: StringInput) => [
  { what: `${input.max + 1} characters`, value: "a".repeat(input.max + 1) },
  { what: `${HUGE} characters`, value: "a".repeat(HUGE) },
  { what: "a NUL character", value: "ab\u0000cd" },
];
const cases = OPERATIONS.flatMap((row) =>
  row.strings.flatMap((input) => hostileValues(input).map(({ what, value }) => [row.name, input.field, what, value, row, input] as const)),
);

describe.each(TEST_DATABASES)("hostile string inputs (%s)", (database) => {
  const hostile = useHostileApp(database);

  it.each(cases)("%s: a %s of %s is BAD_USER_INPUT naming the field, and nothing is written", async (_name, _field, _what, value, row, input) => {
    const { app, world } = hostile;
    const before = await snapshot(app.services.db);
    const variables = withValue(row.variables(world), input.variable, value);
    const response = await postGraphQL(app.url, row.oversizeAs ?? "alice", world, row.document, variables);
    expectRefusal(response, "BAD_USER_INPUT", input.field);
    expect(response.json.data?.[row.name] ?? null).toBeNull();
    expect(await snapshot(app.services.db)).toEqual(before);
  });
});
